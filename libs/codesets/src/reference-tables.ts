import {
  bitsFor,
  hashSlot,
  icdSlot,
  insertKey,
  packIcd10Cm,
  packProcedureCode,
  probe,
  probeIcd,
} from './hashing';

/**
 * The compact, effective-dated form of every table the edit engine reads. Every numeric array lives
 * in ONE SharedArrayBuffer so worker threads can map the same memory instead of copying it
 * (see `shareReferenceTables` / `attachReferenceTables`). Dates are YYYYMMDD integers.
 */
export interface ReferenceTables {
  meta: ReferenceMeta;
  /** CPT/HCPCS code numbers, interned: packed code → id (1..n). */
  proc: ProcedureTable;
  icd: IcdTable;
  ptpPractitioner: PtpTable;
  ptpOutpatient: PtpTable;
  /** The single buffer behind every typed array above. */
  buffer: SharedArrayBuffer;
}

export interface ReferenceMeta {
  format: number;
  builtAt: string;
  /** Where each table came from (file name and release), for READMEs and `codesets info`. */
  sources: Record<string, { file: string; rows: number; release: string }>;
  icdFiscalYears: number[];
  /** Valid place-of-service codes (CMS POS code set; "Unassigned" codes excluded). */
  placeOfService: string[];
  /** Claim frequency codes (NUBC, 3rd digit of the type of bill) plus 837P 1/7/8. */
  claimFrequency: string[];
  procCodes: string[]; // id → code ('' at 0)
  icdCodes: string[]; // entry → code
  layout: ArrayLayout[];
}

export interface ArrayLayout {
  path: string; // e.g. "proc.mueValue"
  type: 'Int32Array' | 'Uint32Array' | 'Uint8Array' | 'Uint16Array';
  offset: number;
  length: number;
}

export const MUE_PRACTITIONER = 0;
export const MUE_OUTPATIENT = 1;
export const MUE_DME = 2;

/** proc.flags bits */
export const PROC_HCPCS_RECORD = 1; // a HCPCS Level II record exists (dates below apply)
export const PROC_IN_NCCI = 2; // the code number appears in an NCCI PTP/MUE/AOC table

export interface ProcedureTable {
  bits: number;
  keys: Int32Array; // packed code (0 = empty)
  ids: Int32Array; // slot → id
  count: number;
  flags: Uint8Array; // id → PROC_* bits
  hcpcsAdd: Int32Array; // id → add date (0 = unknown)
  hcpcsTerm: Int32Array; // id → termination date (0 = none)
  /** id*3 + MUE_* → MUE value (-1 = no MUE). */
  mueValue: Int32Array;
  /** id*3 + MUE_* → MAI 1/2/3 (0 = no MUE). */
  mueMai: Uint8Array;
  aocType: Uint8Array; // id → add-on edit type 1/2/3 (0 = not an add-on code)
  aocStart: Int32Array; // id → start in aocPrimaries (length count+2)
  aocPrimaries: Int32Array; // primary ids
}

/** ICD flags bits */
export const ICD_MANIFESTATION = 1;
export const ICD_MALE_ONLY = 2;
export const ICD_FEMALE_ONLY = 4;
export const ICD_FY_BASE = 2016; // bit i of the masks = fiscal year 2016 + i

export interface IcdTable {
  bits: number;
  keyHi: Int32Array;
  keyLo: Int32Array;
  entry: Int32Array; // slot → entry index
  count: number;
  presentMask: Uint32Array; // entry → fiscal years the code is in the release
  billableMask: Uint32Array; // entry → fiscal years the code is billable
  flags: Uint8Array; // entry → ICD_* bits (MCE lists)
  ageMin: Uint8Array; // entry → MCE age list minimum (255 = no age edit)
  ageMax: Uint8Array;
  firstBillableChild: Int32Array; // entry → entry of the first billable code under a header (-1)
  /**
   * The same data per hash slot, 8 ints per slot so one lookup touches one cache line:
   * [hi, lo, entry, presentMask, billableMask, flags | ageMin << 8 | ageMax << 16, firstBillableChild, 0].
   */
  slots: Int32Array;
}

export const ICD_SLOT_STRIDE = 8;

export interface PtpTable {
  bits: number;
  keys: Uint32Array; // (col1 id << 16 | col2 id) >>> 0, 0 = empty
  start: Int32Array; // slot → first row; rows of one pair are contiguous, by deletion date ascending
  count: Uint8Array; // slot → number of rows
  rowEffective: Int32Array; // 0 = unknown (treated as always effective)
  rowDeletion: Int32Array; // 99991231 = active
  rowModifier: Uint8Array; // 0 / 1 / 9
  rows: number;
  pairs: number;
  /**
   * Blocked Bloom filter of the pairs (one 32-bit word per key, 3 bits): a 4 MB structure that stays
   * in cache answers "no edit" for almost every code pair before the 16 MB hash table is touched.
   */
  bloom: Uint32Array;
  bloomBits: number;
}

/** The filter is keyed by the unordered pair, so one probe clears both directions of a line pair. */
export function ptpUnorderedKey(a: number, b: number): number {
  return (a < b ? (a << 16) | b : (b << 16) | a) >>> 0;
}

/** true when (a, b) or (b, a) MAY be a PTP pair; false = certainly neither. */
export function ptpMayPair(ptp: PtpTable, a: number, b: number): boolean {
  const u = ptpUnorderedKey(a, b);
  const m = ptpBloomMask(u);
  return (ptp.bloom[ptpBloomWord(u, ptp.bloomBits)] & m) === m;
}

/** Bloom word index and bit mask of a PTP key (see PtpTable.bloom). */
export function ptpBloomMask(key: number): number {
  const h = Math.imul(key ^ (key >>> 15), 0x85ebca6b);
  return (1 << (h & 31)) | (1 << ((h >>> 5) & 31)) | (1 << ((h >>> 10) & 31));
}

export function ptpBloomWord(key: number, bloomBits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bloomBits);
}

// ---------------------------------------------------------------- lookups (used by the engine)

/** Procedure id of a 5-character code, 0 when unknown. */
export function procedureId(proc: ProcedureTable, code: string): number {
  const packed = packProcedureCode(code);
  if (packed === 0) return 0;
  const slot = probe(proc.keys, proc.bits, packed);
  return slot < 0 ? 0 : proc.ids[slot];
}

const icdScratch = new Int32Array(2);
/** ICD entry index of a code (dot optional), -1 when unknown. */
export function icdEntry(icd: IcdTable, code: string): number {
  if (!packIcd10Cm(code, icdScratch)) return -1;
  const slot = probeIcd(icd.keyHi, icd.keyLo, icd.bits, icdScratch[0], icdScratch[1]);
  return slot < 0 ? -1 : icd.entry[slot];
}

/**
 * Base index into `icd.slots` of a code (dot optional), -1 when unknown: one cache line per lookup.
 */
export function icdSlotBase(icd: IcdTable, code: string): number {
  if (!packIcd10Cm(code, icdScratch)) return -1;
  const hi = icdScratch[0];
  const lo = icdScratch[1];
  const slots = icd.slots;
  const mask = (1 << icd.bits) - 1;
  let slot = icdSlot(hi, lo, icd.bits);
  for (;;) {
    const b = slot * ICD_SLOT_STRIDE;
    const h = slots[b];
    if (h === 0) return -1;
    if (h === hi && slots[b + 1] === lo) return b;
    slot = (slot + 1) & mask;
  }
}

/**
 * The PTP row in force for (column 1, column 2) on a date of service, or -1.
 * NCCI: an edit applies from its effective date until the day before its deletion date. Of several
 * rows for the same pair the one with the earliest deletion date after the date of service wins.
 */
export function ptpRow(ptp: PtpTable, col1: number, col2: number, dos: number): number {
  const key = ((col1 << 16) | col2) >>> 0;
  if (!ptpMayPair(ptp, col1, col2)) return -1;
  const mask = (1 << ptp.bits) - 1;
  let slot = hashSlot(key, ptp.bits);
  for (;;) {
    const k = ptp.keys[slot];
    if (k === 0) return -1;
    if (k === key) break;
    slot = (slot + 1) & mask;
  }
  const start = ptp.start[slot];
  const end = start + ptp.count[slot];
  for (let r = start; r < end; r++) {
    if (ptp.rowDeletion[r] > dos && ptp.rowEffective[r] <= dos) return r;
  }
  return -1;
}

// ---------------------------------------------------------------- builder

/** A growable typed-array column used while reading millions of rows without objects. */
export class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export interface PtpRows {
  col1: IntColumn; // procedure ids
  col2: IntColumn;
  effective: IntColumn;
  deletion: IntColumn;
  modifier: IntColumn;
}

export function newPtpRows(): PtpRows {
  return {
    col1: new IntColumn(1 << 16),
    col2: new IntColumn(1 << 16),
    effective: new IntColumn(1 << 16),
    deletion: new IntColumn(1 << 16),
    modifier: new IntColumn(1 << 16),
  };
}

/** Interns procedure codes while the builder reads the tables. */
export class ProcedureInterner {
  readonly ids = new Map<number, number>();
  readonly codes: string[] = [''];
  id(code: string): number {
    const packed = packProcedureCode(code);
    if (packed === 0) return 0;
    let id = this.ids.get(packed);
    if (id === undefined) {
      id = this.codes.length;
      if (id > 0xffff) throw new Error('codesets: more than 65,535 procedure codes; widen the PTP key');
      this.ids.set(packed, id);
      this.codes.push(code.toUpperCase());
    }
    return id;
  }
}

export interface IcdRelease {
  fiscalYear: number;
  codes: Iterable<{ code: string; billable: boolean }>;
}

export interface McePair {
  code: string;
  rule: string; // e.g. "Female Only", "Adult (Ages 15-124)", "Manifestation (...)"
}

export interface BuildInput {
  interner: ProcedureInterner;
  hcpcs: { code: string; addDate: number; termDate: number }[];
  mue: { table: number; code: string; value: number; mai: number }[];
  aoc: { addOn: string; primary: string; type: number }[];
  ptpPractitioner: PtpRows;
  ptpOutpatient: PtpRows;
  icdReleases: IcdRelease[];
  mce: McePair[];
  placeOfService: string[];
  claimFrequency: string[];
  sources: ReferenceMeta['sources'];
}

type AnyArray = Int32Array | Uint32Array | Uint8Array | Uint16Array;

/** Builds the tables from parsed rows (used by the snapshot script and `codesets import`). */
export function buildReferenceTables(input: BuildInput): ReferenceTables {
  const { interner } = input;
  // Make sure every code is interned before sizing per-id arrays.
  for (const h of input.hcpcs) interner.id(h.code);
  for (const m of input.mue) interner.id(m.code);
  for (const a of input.aoc) {
    interner.id(a.addOn);
    if (a.primary !== 'CCCCC') interner.id(a.primary);
  }
  const n = interner.codes.length; // ids 1..n-1
  const procBits = bitsFor(n);
  const keys = new Int32Array(1 << procBits);
  const ids = new Int32Array(1 << procBits);
  for (const [packed, id] of interner.ids) ids[insertKey(keys, procBits, packed)] = id;
  const flags = new Uint8Array(n);
  const hcpcsAdd = new Int32Array(n);
  const hcpcsTerm = new Int32Array(n);
  for (const h of input.hcpcs) {
    const id = interner.id(h.code);
    flags[id] |= PROC_HCPCS_RECORD;
    hcpcsAdd[id] = h.addDate;
    hcpcsTerm[id] = h.termDate;
  }
  const mueValue = new Int32Array(n * 3).fill(-1);
  const mueMai = new Uint8Array(n * 3);
  for (const m of input.mue) {
    const id = interner.id(m.code);
    flags[id] |= PROC_IN_NCCI;
    mueValue[id * 3 + m.table] = m.value;
    mueMai[id * 3 + m.table] = m.mai;
  }
  const aocType = new Uint8Array(n);
  const primariesOf = new Map<number, number[]>();
  for (const a of input.aoc) {
    const id = interner.id(a.addOn);
    flags[id] |= PROC_IN_NCCI;
    if (aocType[id] === 0 || a.type < aocType[id]) aocType[id] = a.type;
    if (a.primary === 'CCCCC') continue; // type 2: primaries defined by the Medicare contractor
    const p = interner.id(a.primary);
    if (p === 0) continue;
    flags[p] |= PROC_IN_NCCI;
    let list = primariesOf.get(id);
    if (!list) primariesOf.set(id, (list = []));
    list.push(p);
  }
  const aocStart = new Int32Array(n + 1);
  let total = 0;
  for (let id = 0; id < n; id++) {
    aocStart[id] = total;
    total += primariesOf.get(id)?.length ?? 0;
  }
  aocStart[n] = total;
  const aocPrimaries = new Int32Array(total);
  for (const [id, list] of primariesOf)
    aocPrimaries.set(
      list.sort((a, b) => a - b),
      aocStart[id],
    );

  const ptpPractitioner = buildPtp(input.ptpPractitioner, flags);
  const ptpOutpatient = buildPtp(input.ptpOutpatient, flags);
  const { table: icd, codes: icdCodes } = buildIcd(input.icdReleases, input.mce);

  const proc: ProcedureTable = {
    bits: procBits,
    keys,
    ids,
    count: n - 1,
    flags,
    hcpcsAdd,
    hcpcsTerm,
    mueValue,
    mueMai,
    aocType,
    aocStart,
    aocPrimaries,
  };
  const meta: ReferenceMeta = {
    format: SNAPSHOT_FORMAT,
    builtAt: new Date().toISOString(),
    sources: input.sources,
    icdFiscalYears: input.icdReleases.map((r) => r.fiscalYear).sort(),
    placeOfService: input.placeOfService,
    claimFrequency: input.claimFrequency,
    procCodes: interner.codes,
    icdCodes,
    layout: [],
  };
  return packIntoSharedBuffer(meta, { proc, icd, ptpPractitioner, ptpOutpatient });
}

export const SNAPSHOT_FORMAT = 4;

function buildPtp(rows: PtpRows, procFlags: Uint8Array): PtpTable {
  const nRows = rows.col1.length;
  const c1 = rows.col1.data;
  const c2 = rows.col2.data;
  // Count distinct pairs first to size the table (load ≤ 0.7).
  const seen = new Set<number>();
  for (let r = 0; r < nRows; r++) seen.add(((c1[r] << 16) | c2[r]) >>> 0);
  const pairs = seen.size;
  seen.clear();
  let bits = 4;
  while ((1 << bits) * 0.7 < pairs) bits++;
  const keys = new Uint32Array(1 << bits);
  const count = new Uint8Array(1 << bits);
  const rowSlot = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    procFlags[c1[r]] |= PROC_IN_NCCI;
    procFlags[c2[r]] |= PROC_IN_NCCI;
    const slot = insertKey(keys, bits, ((c1[r] << 16) | c2[r]) >>> 0);
    rowSlot[r] = slot;
    if (count[slot] === 255) throw new Error('codesets: more than 255 PTP rows for one code pair');
    count[slot]++;
  }
  const start = new Int32Array(1 << bits);
  let acc = 0;
  for (let s = 0; s < start.length; s++) {
    start[s] = acc;
    acc += count[s];
  }
  const fill = new Int32Array(1 << bits);
  const rowEffective = new Int32Array(nRows);
  const rowDeletion = new Int32Array(nRows);
  const rowModifier = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const slot = rowSlot[r];
    const at = start[slot] + fill[slot]++;
    rowEffective[at] = rows.effective.data[r];
    rowDeletion[at] = rows.deletion.data[r];
    rowModifier[at] = rows.modifier.data[r];
  }
  // Within a pair, order rows by deletion date (insertion sort: groups are tiny).
  for (let s = 0; s < keys.length; s++) {
    const c = count[s];
    if (c < 2) continue;
    const b = start[s];
    for (let i = b + 1; i < b + c; i++) {
      const e = rowEffective[i],
        d = rowDeletion[i],
        m = rowModifier[i];
      let j = i - 1;
      while (j >= b && rowDeletion[j] > d) {
        rowEffective[j + 1] = rowEffective[j];
        rowDeletion[j + 1] = rowDeletion[j];
        rowModifier[j + 1] = rowModifier[j];
        j--;
      }
      rowEffective[j + 1] = e;
      rowDeletion[j + 1] = d;
      rowModifier[j + 1] = m;
    }
  }
  let bloomBits = 10;
  while (1 << bloomBits < pairs / 4) bloomBits++; // ≤ 4 MB: ~3 keys per 32-bit word, ~2 % false positives
  const bloom = new Uint32Array(1 << bloomBits);
  for (let s = 0; s < keys.length; s++) {
    const k = keys[s];
    if (k === 0) continue;
    const u = ptpUnorderedKey(k >>> 16, k & 0xffff);
    bloom[ptpBloomWord(u, bloomBits)] |= ptpBloomMask(u);
  }
  return {
    bits,
    keys,
    start,
    count,
    rowEffective,
    rowDeletion,
    rowModifier,
    rows: nRows,
    pairs,
    bloom,
    bloomBits,
  };
}

/** Parses an MCE age rule text: "Adult (Ages 15-124)", "Perinatal/Newborn (Age 0 Only)". */
export function mceAgeRange(rule: string): [number, number] | undefined {
  const m = /Ages?\s+(\d+)(?:\s*-\s*(\d+))?/i.exec(rule);
  if (!m) return undefined;
  const lo = Number(m[1]);
  return [lo, m[2] ? Number(m[2]) : lo];
}

function buildIcd(releases: IcdRelease[], mce: McePair[]): { table: IcdTable; codes: string[] } {
  const index = new Map<string, number>();
  const codes: string[] = [];
  const present: number[] = [];
  const billable: number[] = [];
  const sorted = [...releases].sort((a, b) => a.fiscalYear - b.fiscalYear);
  for (const rel of sorted) {
    const bit = rel.fiscalYear - ICD_FY_BASE;
    if (bit < 0 || bit > 31)
      throw new Error(
        `codesets: ICD-10-CM fiscal year ${rel.fiscalYear} outside ${ICD_FY_BASE}..${ICD_FY_BASE + 31}`,
      );
    for (const c of rel.codes) {
      let e = index.get(c.code);
      if (e === undefined) {
        e = codes.length;
        index.set(c.code, e);
        codes.push(c.code);
        present.push(0);
        billable.push(0);
      }
      present[e] = (present[e] | (1 << bit)) >>> 0;
      if (c.billable) billable[e] = (billable[e] | (1 << bit)) >>> 0;
    }
  }
  const n = codes.length;
  const bits = bitsFor(n);
  const keyHi = new Int32Array(1 << bits);
  const keyLo = new Int32Array(1 << bits);
  const entry = new Int32Array(1 << bits);
  const scratch = new Int32Array(2);
  const mask = (1 << bits) - 1;
  for (let e = 0; e < n; e++) {
    if (!packIcd10Cm(codes[e], scratch)) throw new Error(`codesets: malformed ICD-10-CM code ${codes[e]}`);
    let slot = icdSlot(scratch[0], scratch[1], bits);
    while (keyHi[slot] !== 0) slot = (slot + 1) & mask;
    keyHi[slot] = scratch[0];
    keyLo[slot] = scratch[1];
    entry[slot] = e;
  }
  const flags = new Uint8Array(n);
  const ageMin = new Uint8Array(n).fill(255);
  const ageMax = new Uint8Array(n).fill(255);
  for (const m of mce) {
    const e = index.get(m.code);
    if (e === undefined) continue; // MCE FY2024 code no longer in the loaded releases
    if (/female only/i.test(m.rule)) flags[e] |= ICD_FEMALE_ONLY;
    else if (/male only/i.test(m.rule)) flags[e] |= ICD_MALE_ONLY;
    else if (/manifestation/i.test(m.rule)) flags[e] |= ICD_MANIFESTATION;
    else {
      const range = mceAgeRange(m.rule);
      if (range) {
        ageMin[e] = range[0];
        ageMax[e] = Math.min(range[1], 254);
      }
    }
  }
  // First billable descendant of each header in tabular order (codes are pushed in that order).
  const firstBillableChild = new Int32Array(n).fill(-1);
  const latestBit = sorted.length ? 1 << (sorted[sorted.length - 1].fiscalYear - ICD_FY_BASE) : 0;
  for (let e = 0; e < n; e++) {
    if ((billable[e] & latestBit) !== 0) continue;
    const prefix = codes[e];
    for (let f = e + 1; f < n && codes[f].startsWith(prefix); f++) {
      if ((billable[f] & latestBit) !== 0) {
        firstBillableChild[e] = f;
        break;
      }
    }
  }
  const slots = new Int32Array((1 << bits) * ICD_SLOT_STRIDE);
  for (let slot = 0; slot < 1 << bits; slot++) {
    if (keyHi[slot] === 0) continue;
    const e = entry[slot];
    const b = slot * ICD_SLOT_STRIDE;
    slots[b] = keyHi[slot];
    slots[b + 1] = keyLo[slot];
    slots[b + 2] = e;
    slots[b + 3] = present[e];
    slots[b + 4] = billable[e];
    slots[b + 5] = flags[e] | (ageMin[e] << 8) | (ageMax[e] << 16);
    slots[b + 6] = firstBillableChild[e];
  }
  return {
    table: {
      bits,
      keyHi,
      keyLo,
      entry,
      count: n,
      presentMask: Uint32Array.from(present),
      billableMask: Uint32Array.from(billable),
      flags,
      ageMin,
      ageMax,
      firstBillableChild,
      slots,
    },
    codes,
  };
}

// ---------------------------------------------------------------- shared buffer

type Groups = Pick<ReferenceTables, 'proc' | 'icd' | 'ptpPractitioner' | 'ptpOutpatient'>;

function typedArraysOf(groups: Groups): [string, AnyArray][] {
  const out: [string, AnyArray][] = [];
  for (const [g, obj] of Object.entries(groups)) {
    for (const [k, v] of Object.entries(obj as object)) {
      if (ArrayBuffer.isView(v)) out.push([`${g}.${k}`, v as AnyArray]);
    }
  }
  return out;
}

/** Copies every typed array into one SharedArrayBuffer and records the layout in meta. */
export function packIntoSharedBuffer(meta: ReferenceMeta, groups: Groups): ReferenceTables {
  const arrays = typedArraysOf(groups);
  const layout: ArrayLayout[] = [];
  let offset = 0;
  for (const [path, arr] of arrays) {
    offset = (offset + 7) & ~7;
    layout.push({ path, type: arr.constructor.name as ArrayLayout['type'], offset, length: arr.length });
    offset += arr.byteLength;
  }
  const buffer = new SharedArrayBuffer(offset);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < arrays.length; i++) {
    const arr = arrays[i][1];
    bytes.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), layout[i].offset);
  }
  return attachReferenceTables({ ...meta, layout }, buffer, groups);
}

const CTORS = { Int32Array, Uint32Array, Uint8Array, Uint16Array };

/**
 * Rebuilds the table views over a shared buffer (in a worker: no copy). `scalars` supplies the
 * non-array fields (bits, counts); when omitted they are read from `meta`'s companion fields.
 */
export function attachReferenceTables(
  meta: ReferenceMeta,
  buffer: SharedArrayBuffer,
  scalars: ScalarFields | Groups,
): ReferenceTables {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const [g, obj] of Object.entries(scalars)) {
    groups[g] = {};
    for (const [k, v] of Object.entries(obj as object)) if (!ArrayBuffer.isView(v)) groups[g][k] = v;
  }
  for (const l of meta.layout) {
    const [g, k] = l.path.split('.') as [string, string];
    groups[g] ??= {};
    const Ctor = CTORS[l.type] as unknown as new (
      b: SharedArrayBuffer,
      offset: number,
      length: number,
    ) => AnyArray;
    groups[g][k] = new Ctor(buffer, l.offset, l.length);
  }
  return { meta, buffer, ...(groups as unknown as Groups) };
}

/** The non-array fields of each group (bits, counts), small enough for JSON / postMessage. */
export type ScalarFields = Record<keyof Groups, Record<string, number>>;

export function scalarFieldsOf(t: ReferenceTables): ScalarFields {
  const out = {} as ScalarFields;
  for (const g of ['proc', 'icd', 'ptpPractitioner', 'ptpOutpatient'] as const) {
    out[g] = {};
    for (const [k, v] of Object.entries(t[g])) if (typeof v === 'number') out[g][k] = v;
  }
  return out;
}

/** What a worker needs to map the same tables: pass it in `workerData`. */
export interface SharedReferenceTables {
  meta: ReferenceMeta;
  buffer: SharedArrayBuffer;
  scalars: ScalarFields;
}

export function shareReferenceTables(t: ReferenceTables): SharedReferenceTables {
  return { meta: t.meta, buffer: t.buffer, scalars: scalarFieldsOf(t) };
}

export function fromSharedReferenceTables(s: SharedReferenceTables): ReferenceTables {
  return attachReferenceTables(s.meta, s.buffer, s.scalars);
}

// ---------------------------------------------------------------- snapshot file

const MAGIC = 'RVCS';

/** Serialises tables: "RVCS", uint32 JSON length, JSON {meta, scalars}, padding, buffer bytes. */
export function serializeReferenceTables(t: ReferenceTables): Buffer {
  const json = Buffer.from(JSON.stringify({ meta: t.meta, scalars: scalarFieldsOf(t) }), 'utf8');
  const headerLen = (8 + json.length + 7) & ~7;
  const out = Buffer.alloc(headerLen + t.buffer.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  out.set(new Uint8Array(t.buffer as unknown as ArrayBuffer), headerLen);
  return out;
}

/**
 * Reads a serialised snapshot. `body`, when given, already holds the table bytes (the loader reads
 * them from disk straight into shared memory); else they are copied from `file` after the header.
 */
export function deserializeReferenceTables(file: Buffer, body?: SharedArrayBuffer): ReferenceTables {
  if (file.toString('latin1', 0, 4) !== MAGIC) throw new Error('codesets: not a reference-table snapshot');
  const jsonLen = file.readUInt32LE(4);
  const { meta, scalars } = JSON.parse(file.toString('utf8', 8, 8 + jsonLen)) as {
    meta: ReferenceMeta;
    scalars: ScalarFields;
  };
  if (meta.format !== SNAPSHOT_FORMAT)
    throw new Error(`codesets: snapshot format ${meta.format}, expected ${SNAPSHOT_FORMAT}`);
  const headerLen = (8 + jsonLen + 7) & ~7;
  let buffer = body;
  if (!buffer) {
    buffer = new SharedArrayBuffer(file.length - headerLen);
    new Uint8Array(buffer).set(file.subarray(headerLen));
  }
  return attachReferenceTables(meta, buffer, scalars);
}
