import { forEachTsvRow, readPackaged } from './data-files';
import { Icd10CmCodeSet, loadIcd10Cm, normalizeIcd10Cm } from './icd10cm';

/**
 * Code look-up for people (the coder's and biller's "find a code" box): the packaged ICD-10-CM,
 * HCPCS Level II and the CPT code numbers the NCCI tables carry, searched by code prefix or by the
 * words of the description. Pure: it reads only this library's packaged files, once per process.
 */
export const CODE_SYSTEMS = ['icd10cm', 'cpt', 'hcpcs'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

export interface CodeLookupEntry {
  system: CodeSystem;
  /** As a person writes it: ICD-10-CM with its dot (`E11.65`), CPT/HCPCS as is. */
  code: string;
  /** null for CPT: the AMA's descriptors are not packaged (libs/codesets/data/README.md). */
  description: string | null;
  /**
   * ICD-10-CM: valid for HIPAA transactions (false = a category header). HCPCS: the record is not
   * terminated in the release. CPT: null (no CPT release is packaged, only NCCI code numbers).
   */
  billable: boolean | null;
  /** First date of service the code is valid for (`YYYY-MM-DD`), null when the release does not say. */
  effectiveFrom: string | null;
  /** Last date of service the code is valid for, null when open-ended or unknown. */
  effectiveTo: string | null;
}

export interface CodeLookupQuery {
  system: CodeSystem;
  /** A code prefix (`E11`, `E11.6`, `992`) or words all found in the description (`type 2 diabetes`). */
  q?: string;
  limit: number;
  offset: number;
}

export interface CodeLookupPage {
  total: number;
  items: CodeLookupEntry[];
  /** The release searched, e.g. `ICD-10-CM FY2026`. */
  release: string;
}

interface Indexed {
  entries: CodeLookupEntry[];
  /** The code without punctuation, upper case (the prefix key). */
  keys: string[];
  /** Code and description, lower case (the word key). */
  words: string[];
  release: string;
}

/** ICD-10-CM `E1165` → `E11.65` (the dot after the category's three characters). */
export function dottedIcd10Cm(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** `20240701` → `2024-07-01`; blank or malformed → null. */
function isoDate(yyyymmdd: string | undefined): string | null {
  return yyyymmdd && /^\d{8}$/.test(yyyymmdd)
    ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
    : null;
}

function indexed(entries: CodeLookupEntry[], release: string): Indexed {
  return {
    entries,
    keys: entries.map((e) => e.code.replace('.', '').toUpperCase()),
    words: entries.map((e) => `${e.code} ${e.description ?? ''}`.toLowerCase()),
    release,
  };
}

export function icd10CmCatalogue(set: Icd10CmCodeSet): Indexed {
  const entries: CodeLookupEntry[] = [];
  for (const c of set.codes())
    entries.push({
      system: 'icd10cm',
      code: dottedIcd10Cm(c.code),
      description: c.longDescription ?? c.shortDescription,
      billable: c.billable,
      effectiveFrom: set.validFrom,
      effectiveTo: set.validTo,
    });
  return indexed(entries, `ICD-10-CM FY${set.fiscalYear}`);
}

// The packaged layout (libs/codesets/data/hcpcs): hcpcs_code long_desc action_code add_date action_effective_date termination_date …
const col = { code: 0, desc: 1, add: 3, effective: 4, term: 5 };

/** The packaged HCPCS Level II TSV: one record per code (2-character modifier rows left out). */
export function hcpcsCatalogue(text: string, release = 'HCPCS Level II July 2024'): Indexed {
  const entries: CodeLookupEntry[] = [];
  forEachTsvRow(text, (f) => {
    const code = (f[col.code] ?? '').trim().toUpperCase();
    if (!/^[A-V]\d{4}$/.test(code)) return;
    const termination = isoDate(f[col.term]);
    entries.push({
      system: 'hcpcs',
      code,
      description: f[col.desc]?.trim() || null,
      billable: termination === null,
      effectiveFrom: isoDate(f[col.effective]) ?? isoDate(f[col.add]),
      effectiveTo: termination,
    });
  });
  entries.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return indexed(entries, release);
}

/** CPT code numbers as the NCCI MUE tables carry them (no descriptor, no billable flag). */
export function cptCatalogue(
  mueTexts: string[],
  release = 'CPT numbers of the NCCI tables, 2024 Q3',
): Indexed {
  const codes = new Set<string>();
  for (const text of mueTexts)
    forEachTsvRow(text, (f) => {
      const code = (f[0] ?? '').trim().toUpperCase();
      if (/^\d{4}[0-9FMTU]$/.test(code)) codes.add(code);
    });
  const entries = [...codes].sort().map((code): CodeLookupEntry => ({
    system: 'cpt',
    code,
    description: null,
    billable: null,
    effectiveFrom: null,
    effectiveTo: null,
  }));
  return indexed(entries, release);
}

/** Searches one catalogue: a code prefix when `q` reads as one, else every word in code or description. */
export function searchCatalogue(c: Indexed, q: string | undefined, limit: number, offset: number) {
  const text = (q ?? '').trim();
  let hits: number[];
  if (text === '') hits = c.entries.map((_, i) => i);
  else {
    const prefix = normalizeIcd10Cm(text);
    const byPrefix = /^[A-Z0-9]{1,7}$/.test(prefix) ? matching(c.keys, (k) => k.startsWith(prefix)) : [];
    if (byPrefix.length > 0) hits = byPrefix;
    else {
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      hits = matching(c.words, (w) => words.every((word) => w.includes(word)));
    }
  }
  return {
    total: hits.length,
    items: hits.slice(offset, offset + limit).flatMap((i) => c.entries[i] ?? []),
    release: c.release,
  };
}

function matching(keys: string[], test: (k: string) => boolean): number[] {
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (test(k)) out.push(i);
  });
  return out;
}

const loaded = new Map<CodeSystem, Indexed>();

function catalogue(system: CodeSystem): Indexed {
  let c = loaded.get(system);
  if (!c) {
    c =
      system === 'icd10cm'
        ? icd10CmCatalogue(loadIcd10Cm())
        : system === 'hcpcs'
          ? hcpcsCatalogue(readPackaged('hcpcs/hcpcs_level2_2024jul.tsv.gz'))
          : cptCatalogue([
              readPackaged('ncci/mue_practitioner_2024q3.tsv.gz'),
              readPackaged('ncci/mue_outpatient_hospital_2024q3.tsv.gz'),
            ]);
    loaded.set(system, c);
  }
  return c;
}

/** One page of the packaged code set's codes matching `q`, in code order. */
export function lookUpCodes(query: CodeLookupQuery): CodeLookupPage {
  return searchCatalogue(catalogue(query.system), query.q, query.limit, query.offset);
}
