/**
 * Readers for the reference files, in the packaged normalised TSV layout AND the original CMS
 * release layouts (header-driven: columns are found by their header text, so the CMS .txt files,
 * their xlsx exports saved as tab- or comma-separated text, and our TSVs all read the same way).
 * Each reader reports malformed rows as located errors instead of throwing on the first one.
 */
import { IntColumn, McePair, ProcedureInterner, PtpRows } from './reference-tables';

export interface TableReadResult {
  rows: number;
  errors: { line: number; message: string }[];
}

function splitLine(line: string, delimiter: string): string[] {
  if (delimiter === '\t') return line.split('\t').map((s) => s.trim());
  // Minimal CSV: quoted fields may hold commas and doubled quotes.
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

interface Located {
  header: Map<string, number> | undefined;
  delimiter: string;
  lines: string[];
  firstData: number;
}

/**
 * Finds the header row: the first of the first 30 lines where every `required` pattern matches a
 * cell. Without one, `firstData` is the first line whose first cell matches `dataPattern`.
 */
function locate(text: string, required: Record<string, RegExp>, dataPattern: RegExp): Located {
  const lines = text.split(/\r?\n/);
  const sample = lines.slice(0, 30).join('\n');
  const delimiter = sample.includes('\t') ? '\t' : ',';
  for (let i = 0; i < Math.min(30, lines.length); i++) {
    const cells = splitLine(lines[i], delimiter);
    const header = new Map<string, number>();
    for (const [name, re] of Object.entries(required)) {
      const at = cells.findIndex((c) => re.test(c));
      if (at >= 0) header.set(name, at);
    }
    if (header.size === Object.keys(required).length) return { header, delimiter, lines, firstData: i + 1 };
  }
  const firstData = lines.findIndex((l) => dataPattern.test(splitLine(l, delimiter)[0] ?? ''));
  return { header: undefined, delimiter, lines, firstData: firstData < 0 ? lines.length : firstData };
}

const CODE5 = /^[0-9A-Z]{5}$/i;

/** YYYYMMDD, YYYY-MM-DD or MM/DD/YYYY → YYYYMMDD; '', '*' → `empty`; NaN when unreadable. */
export function parseTableDate(s: string | undefined, empty: number): number {
  const v = (s ?? '').trim();
  if (v === '' || v === '*' || /^n\/?a$/i.test(v)) return empty;
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (m) return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return Number(m[3]) * 10000 + Number(m[1]) * 100 + Number(m[2]);
  return NaN;
}

export const NO_DELETION = 99991231;

/**
 * NCCI PTP edits. Accepts the packaged TSV (`column1 column2 deletion_date modifier_indicator …`)
 * and the CMS quarterly file (`Column 1, Column 2, *=in existence prior to 1996, Effective Date,
 * Deletion Date, Modifier 0/1/9, PTP Edit Rationale`), .txt or xlsx saved as text/CSV.
 */
export function readPtp(text: string, interner: ProcedureInterner, into: PtpRows): TableReadResult {
  const loc = locate(
    text,
    { c1: /^column\s*1$/i, c2: /^column\s*2$/i, del: /deletion/i, mod: /modifier/i },
    CODE5,
  );
  const h = loc.header;
  const iEff = h ? findCol(loc, /effective/i) : 3;
  const [i1, i2, iDel, iMod] = h
    ? [h.get('c1') ?? 0, h.get('c2') ?? 0, h.get('del') ?? 0, h.get('mod') ?? 0]
    : [0, 1, 4, 5];
  const errors: TableReadResult['errors'] = [];
  let rows = 0;
  for (let li = loc.firstData; li < loc.lines.length; li++) {
    const line = loc.lines[li];
    if (line.trim() === '') continue;
    const f = loc.delimiter === '\t' ? line.split('\t') : splitLine(line, loc.delimiter);
    const c1 = (f[i1] ?? '').trim();
    const c2 = (f[i2] ?? '').trim();
    const mi = Number((f[iMod] ?? '').trim().charAt(0));
    const del = parseTableDate(f[iDel], NO_DELETION);
    const eff = iEff >= 0 ? parseTableDate(f[iEff], 0) : 0;
    if (
      !CODE5.test(c1) ||
      !CODE5.test(c2) ||
      !(mi === 0 || mi === 1 || mi === 9) ||
      Number.isNaN(del) ||
      Number.isNaN(eff)
    ) {
      if (rows === 0) continue; // header continuation lines (CMS headers may span several lines)
      if (errors.length < 100) errors.push({ line: li + 1, message: `not a PTP row: ${line.slice(0, 80)}` });
      continue;
    }
    into.col1.push(interner.id(c1));
    into.col2.push(interner.id(c2));
    into.effective.push(eff);
    into.deletion.push(del);
    into.modifier.push(mi);
    rows++;
  }
  return { rows, errors };
}

function findCol(loc: Located, re: RegExp): number {
  const headerLine = loc.lines[loc.firstData - 1] ?? '';
  return splitLine(headerLine, loc.delimiter).findIndex((c) => re.test(c));
}

/**
 * MUE. Packaged TSV (`hcpcs_code mue_value mai rationale`) or the CMS MUE file (`HCPCS/CPT Code,
 * Practitioner Services MUE Values, MUE Adjudication Indicator, MUE Rationale`); the MAI cell may
 * read "2 Date of Service Edit: Policy" — its first digit is taken.
 */
export function readMue(
  text: string,
  table: number,
  out: { table: number; code: string; value: number; mai: number }[],
): TableReadResult {
  const loc = locate(text, { code: /hcpcs|cpt/i, value: /mue.?value/i, mai: /adjudication|^mai$/i }, CODE5);
  const h = loc.header;
  const [ic, iv, im] = h ? [h.get('code') ?? 0, h.get('value') ?? 0, h.get('mai') ?? 0] : [0, 1, 2];
  const errors: TableReadResult['errors'] = [];
  let rows = 0;
  for (let li = loc.firstData; li < loc.lines.length; li++) {
    const line = loc.lines[li];
    if (line.trim() === '') continue;
    const f = splitLine(line, loc.delimiter);
    const code = (f[ic] ?? '').toUpperCase();
    const value = Number(f[iv]);
    const mai = Number((f[im] ?? '').charAt(0));
    if (!CODE5.test(code) || !Number.isInteger(value) || value < 0 || !(mai >= 1 && mai <= 3)) {
      if (rows === 0) continue; // header continuation lines (CMS headers may span several lines)
      if (errors.length < 100) errors.push({ line: li + 1, message: `not an MUE row: ${line.slice(0, 80)}` });
      continue;
    }
    out.push({ table, code, value, mai });
    rows++;
  }
  return { rows, errors };
}

/**
 * NCCI add-on code edits. Packaged TSV (`add_on_code primary_code aoc_edit_type`) or the CMS AOC
 * file (`Add-on Code, Primary Code, AOC Edit Type`, with optional deletion-date columns: rows whose
 * add-on or primary deletion date is on or before `asOf` are skipped).
 */
export function readAoc(
  text: string,
  out: { addOn: string; primary: string; type: number }[],
  asOf: number,
): TableReadResult {
  const loc = locate(
    text,
    { addOn: /add.?on.?code$|^add_on_code$/i, primary: /primary.?code$/i, type: /edit.?type/i },
    CODE5,
  );
  const h = loc.header;
  const [ia, ip, it] = h ? [h.get('addOn') ?? 0, h.get('primary') ?? 0, h.get('type') ?? 0] : [0, 1, 2];
  const delCols = h
    ? splitLine(loc.lines[loc.firstData - 1], loc.delimiter).flatMap((c, i) =>
        /deletion/i.test(c) ? [i] : [],
      )
    : [];
  const errors: TableReadResult['errors'] = [];
  let rows = 0;
  for (let li = loc.firstData; li < loc.lines.length; li++) {
    const line = loc.lines[li];
    if (line.trim() === '') continue;
    const f = splitLine(line, loc.delimiter);
    const addOn = (f[ia] ?? '').toUpperCase();
    const primary = (f[ip] ?? '').toUpperCase();
    const type = Number((f[it] ?? '').charAt(0));
    if (!CODE5.test(addOn) || !CODE5.test(primary) || !(type >= 1 && type <= 3)) {
      if (rows === 0) continue; // header continuation lines (CMS headers may span several lines)
      if (errors.length < 100) errors.push({ line: li + 1, message: `not an AOC row: ${line.slice(0, 80)}` });
      continue;
    }
    if (delCols.some((i) => parseTableDate(f[i], NO_DELETION) <= asOf)) continue;
    out.push({ addOn, primary, type });
    rows++;
  }
  return { rows, errors };
}

/**
 * HCPCS Level II. Packaged TSV (`hcpcs_code … add_date action_effective_date termination_date`) or
 * the CMS quarterly HCPCS file exported from its xlsx (`HCPC, …, ADD DT, ACT EFF DT, TERM DT`).
 */
export function readHcpcs(
  text: string,
  out: { code: string; addDate: number; termDate: number }[],
): TableReadResult {
  const loc = locate(
    text,
    { code: /^hcpcs?(_code)?$/i, add: /^add.?(date|dt)$/i, term: /^term(ination)?.?(date|dt)$/i },
    CODE5,
  );
  const h = loc.header;
  const [ic, ia, it] = h ? [h.get('code') ?? 0, h.get('add') ?? 0, h.get('term') ?? 0] : [0, 3, 5];
  const errors: TableReadResult['errors'] = [];
  const seen = new Set<string>();
  let rows = 0;
  for (let li = loc.firstData; li < loc.lines.length; li++) {
    const line = loc.lines[li];
    if (line.trim() === '') continue;
    const f = splitLine(line, loc.delimiter);
    const code = (f[ic] ?? '').toUpperCase();
    const addDate = parseTableDate(f[ia], 0);
    const termDate = parseTableDate(f[it], 0);
    if (!CODE5.test(code) || Number.isNaN(addDate) || Number.isNaN(termDate)) {
      if (rows === 0) continue; // header continuation lines (CMS headers may span several lines)
      if (errors.length < 100)
        errors.push({ line: li + 1, message: `not a HCPCS row: ${line.slice(0, 80)}` });
      continue;
    }
    if (seen.has(code)) continue; // CMS continuation records repeat the code
    seen.add(code);
    out.push({ code, addDate, termDate });
    rows++;
  }
  return { rows, errors };
}

/** MCE diagnosis lists, packaged TSV (`code code_dotted edit_group edit_rule description`). */
export function readMce(text: string, out: McePair[]): TableReadResult {
  const loc = locate(text, { code: /^code$/i, rule: /edit_rule/i }, /^[A-Z][0-9]/);
  const [ic, ir] = loc.header ? [loc.header.get('code') ?? 0, loc.header.get('rule') ?? 0] : [0, 3];
  let rows = 0;
  for (let li = loc.firstData; li < loc.lines.length; li++) {
    const f = loc.lines[li].split('\t');
    if (!f[ic]) continue;
    out.push({ code: f[ic].replace('.', '').toUpperCase(), rule: f[ir] ?? '' });
    rows++;
  }
  return { rows, errors: [] };
}

/** First-column codes of a small TSV (POS, frequency codes), skipping rows named "Unassigned". */
export function readCodeList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((f) => f[0] && !/^unassigned$/i.test((f[1] ?? '').trim()))
    .map((f) => f[0].trim());
}

export { IntColumn };
