/**
 * Seeded generator of realistic professional claims over the FULL reference tables: 1–12 lines
 * (mean ≈ 3), 1–12 diagnoses (mean ≈ 3), codes drawn from the real tables, and a few percent of
 * claims made to violate PTP / MUE / ICD / MCE / add-on / payer rules.
 */
import { intToDate, PROC_HCPCS_RECORD, PROC_IN_NCCI, ReferenceTables, ICD_FY_BASE } from '@revcycle/codesets';
import type { ScrubClaim, ScrubServiceLine } from '../src/claim';
import { withNpiCheckDigit } from '@revcycle/contracts';

export const BENCH_AS_OF = '2026-06-30';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// P(n) for n = 1..12, mean ≈ 3.0
const COUNT_WEIGHTS = [0.25, 0.22, 0.17, 0.12, 0.08, 0.06, 0.04, 0.025, 0.015, 0.01, 0.006, 0.004];
function count(rnd: () => number): number {
  let u = rnd();
  for (let i = 0; i < COUNT_WEIGHTS.length; i++) {
    u -= COUNT_WEIGHTS[i]!;
    if (u <= 0) return i + 1;
  }
  return 12;
}

export interface CodePools {
  procedures: string[];
  mue: Map<string, number>;
  diagnoses: string[];
  ptpPairs: [string, string, number][]; // col1, col2, modifier indicator (active rows)
  addOns: string[]; // type 1 add-on codes
}

export function codePools(t: ReferenceTables): CodePools {
  const procedures: string[] = [];
  const mue = new Map<string, number>();
  const addOns: string[] = [];
  for (let id = 1; id <= t.proc.count; id++) {
    const code = t.meta.procCodes[id]!;
    const v = t.proc.mueValue[id * 3];
    if (t.proc.aocType[id] === 1) addOns.push(code);
    if (!(t.proc.flags[id]! & PROC_IN_NCCI) || t.proc.aocType[id] !== 0 || v < 2) continue;
    if (t.proc.flags[id]! & PROC_HCPCS_RECORD) {
      const add = t.proc.hcpcsAdd[id]!;
      const term = t.proc.hcpcsTerm[id]!;
      if (add > 20251001 || (term && term < 20260630)) continue;
    }
    procedures.push(code);
    mue.set(code, v);
  }
  const diagnoses: string[] = [];
  const bit = 1 << (2026 - ICD_FY_BASE);
  for (let e = 0; e < t.icd.count; e++) {
    if (t.icd.billableMask[e]! & bit && t.icd.flags[e] === 0 && t.icd.ageMin[e] === 255)
      diagnoses.push(t.meta.icdCodes[e]!);
  }
  const ptpPairs: [string, string, number][] = [];
  const p = t.ptpPractitioner;
  for (let s = 0; s < p.keys.length && ptpPairs.length < 200000; s += 7) {
    const k = p.keys[s]!;
    if (k === 0) continue;
    const r = p.start[s]! + p.count[s]! - 1; // latest row
    if (p.rowDeletion[r] !== 99991231 || p.rowModifier[r] === 9) continue;
    const c1 = t.meta.procCodes[k >>> 16]!;
    const c2 = t.meta.procCodes[k & 0xffff]!;
    if (!mue.has(c1) || !mue.has(c2)) continue;
    ptpPairs.push([c1, c2, p.rowModifier[r]!]);
  }
  return { procedures, mue, diagnoses, ptpPairs, addOns };
}

const NPIS = ['123456789', '198765432', '155512345', '170000001', '143219876'].map(withNpiCheckDigit);
const PAYERS = ['87726', '00431', '60054', 'SX065'];
const POS = ['11', '11', '11', '11', '22', '19', '21', '23', '12', '02', '10'];
const MODS = ['25', '59', 'LT', 'RT', 'GT', '26', 'TC', 'XU', 'KX', 'GA'];

function pick<T>(rnd: () => number, a: readonly T[]): T {
  return a[Math.floor(rnd() * a.length)]!;
}

/** `n` claims from `seed`; deterministic. */
export function generateClaims(pools: CodePools, n: number, seed: number, idPrefix = 'B'): ScrubClaim[] {
  const rnd = mulberry32(seed);
  const out: ScrubClaim[] = new Array(n);
  const start = Date.UTC(2026, 3, 1); // dates of service 2026-04-01 .. 2026-06-29 (FY2026)
  for (let i = 0; i < n; i++) {
    const day = new Date(start + Math.floor(rnd() * 90) * 86400000);
    const dos = intToDate(day.getUTCFullYear() * 10000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate());
    const dxN = count(rnd);
    const diagnoses: string[] = [];
    for (let k = 0; k < dxN; k++) diagnoses.push(pick(rnd, pools.diagnoses));
    const lineN = count(rnd);
    const pos = pick(rnd, POS);
    const lines: ScrubServiceLine[] = [];
    for (let k = 0; k < lineN; k++) {
      const code = pick(rnd, pools.procedures);
      const mods: string[] = [];
      if (rnd() < 0.15) mods.push(pick(rnd, MODS));
      if (pos === '02' || pos === '10') {
        if (rnd() < 0.9) mods.push('95');
      }
      const ptrs = [1 + Math.floor(rnd() * dxN)];
      if (dxN > 1 && rnd() < 0.4) ptrs.push(1 + ((ptrs[0]! % dxN) as number));
      lines.push({
        procedureCode: code,
        ...(mods.length ? { modifiers: [...new Set(mods)] } : {}),
        units: rnd() < 0.85 ? 1 : 2,
        chargeCents: 2500 + Math.floor(rnd() * 50000),
        serviceDate: dos,
        diagnosisPointers: ptrs,
      });
    }
    const sex = rnd() < 0.5 ? 'F' : 'M';
    // injected violations, a few percent each
    const roll = rnd();
    if (roll < 0.02) {
      const [c1, c2] = pick(rnd, pools.ptpPairs);
      lines.push(
        { procedureCode: c1, units: 1, chargeCents: 12000, serviceDate: dos, diagnosisPointers: [1] },
        { procedureCode: c2, units: 1, chargeCents: 8000, serviceDate: dos, diagnosisPointers: [1] },
      );
    } else if (roll < 0.035) {
      const l = lines[0]!;
      l.units = (pools.mue.get(l.procedureCode) ?? 1) + 1;
    } else if (roll < 0.045) {
      diagnoses[0] = 'Z9999X';
    } else if (roll < 0.05) {
      diagnoses[0] = diagnoses[0]!.slice(0, 3); // a category header
    } else if (roll < 0.055) {
      diagnoses.push(sex === 'F' ? 'C61' : 'N952');
    } else if (roll < 0.06) {
      lines.push({
        procedureCode: pick(rnd, pools.addOns),
        units: 1,
        chargeCents: 5000,
        serviceDate: dos,
        diagnosisPointers: [1],
      });
    } else if (roll < 0.07) {
      // a group claim: the same PTP pair, or the same code twice, by two rendering providers (2420A) — no edit
      const [c1, c2] =
        rnd() < 0.5 ? pick(rnd, pools.ptpPairs) : [lines[0]!.procedureCode, lines[0]!.procedureCode];
      lines.push(
        {
          procedureCode: c1,
          units: 1,
          chargeCents: 12000,
          serviceDate: dos,
          diagnosisPointers: [1],
          renderingProviderNpi: NPIS[0],
        },
        {
          procedureCode: c2,
          units: 1,
          chargeCents: 8000,
          serviceDate: dos,
          diagnosisPointers: [1],
          renderingProviderNpi: NPIS[1],
        },
      );
    }
    const total = lines.reduce((s, l) => s + l.chargeCents, 0);
    const year = 1946 + Math.floor(rnd() * 60);
    out[i] = {
      claimId: `${idPrefix}${i}`,
      claimType: 'professional',
      frequencyCode: '1',
      payerId: pick(rnd, PAYERS),
      subscriberId: `M${Math.floor(rnd() * 1e9)}`,
      patient: { birthDate: `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`, sex },
      billingProvider: {
        npi: pick(rnd, NPIS),
        taxId: '123456789',
        address: { line1: '100 Main St', city: 'Springfield', state: 'IL', postalCode: '627011234' },
      },
      renderingProviderNpi: pick(rnd, NPIS),
      placeOfService: pos,
      totalChargeCents: total,
      diagnoses,
      lines,
    };
  }
  return out;
}

export const BENCH_PAYER_RULES = {
  payers: { '87726': { timelyFilingDays: 120 } },
  rules: [
    {
      id: 'TELEHEALTH-95',
      payers: ['87726', '00431'],
      scope: 'line' as const,
      when: { field: 'placeOfService', in: ['02', '10'] },
      require: { field: 'modifiers', includes: '95' },
      message: 'Line {line}: telehealth (POS {placeOfService}) requires modifier 95.',
    },
  ],
};
