/**
 * The same edit set written for json-rules-engine the way its documentation teaches: one rule per
 * edit, table lookups as (dynamic) facts over string-keyed Maps, conditions with its own operators
 * (and operator decorators), one `engine.run(facts)` per claim, line, line pair, code/date group and
 * diagnosis. Used by the benchmark as the peer, and to check both engines agree on every claim.
 */
import { Engine, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import {
  dateToInt,
  ICD_FY_BASE,
  ICD_FEMALE_ONLY,
  ICD_MALE_ONLY,
  ICD_MANIFESTATION,
  intToDays,
  fiscalYearOf,
  PROC_HCPCS_RECORD,
  ReferenceTables,
  MUE_PRACTITIONER,
} from '@revcycle/codesets';
import type { ScrubClaim } from '../src/claim';
import { isValidNpi } from '@revcycle/contracts';
import { ANATOMIC_MODIFIERS, isEvaluationAndManagement } from '../src/modifiers';

interface ProcInfo {
  hcpcs: boolean;
  add: number;
  term: number;
  mueValue: number;
  mueMai: number;
  aocType: number;
  primaries: Set<string>;
}
interface IcdInfo {
  present: number;
  billable: number;
  flags: number;
}

export interface JreTables {
  proc: Map<string, ProcInfo>;
  ptp: Map<string, { eff: number; del: number; mi: number }[]>;
  icd: Map<string, IcdInfo & { ageMin: number; ageMax: number }>;
  pos: string[];
  loadedFy: number[];
}

/** String-keyed Maps built from the same loaded tables (so both engines see the same data). */
export function buildJreTables(t: ReferenceTables): JreTables {
  const proc = new Map<string, ProcInfo>();
  for (let id = 1; id <= t.proc.count; id++) {
    const mt = MUE_PRACTITIONER; // professional claims: never the DME supplier table
    const primaries = new Set<string>();
    for (let k = t.proc.aocStart[id]!; k < t.proc.aocStart[id + 1]!; k++)
      primaries.add(t.meta.procCodes[t.proc.aocPrimaries[k]!]!);
    proc.set(t.meta.procCodes[id]!, {
      hcpcs: (t.proc.flags[id]! & PROC_HCPCS_RECORD) !== 0,
      add: t.proc.hcpcsAdd[id]!,
      term: t.proc.hcpcsTerm[id]!,
      mueValue: t.proc.mueValue[id * 3 + mt]!,
      mueMai: t.proc.mueMai[id * 3 + mt]!,
      aocType: t.proc.aocType[id]!,
      primaries,
    });
  }
  const ptp = new Map<string, { eff: number; del: number; mi: number }[]>();
  const p = t.ptpPractitioner;
  for (let s = 0; s < p.keys.length; s++) {
    const k = p.keys[s]!;
    if (k === 0) continue;
    const rows = [];
    for (let r = p.start[s]!; r < p.start[s]! + p.count[s]!; r++)
      rows.push({ eff: p.rowEffective[r]!, del: p.rowDeletion[r]!, mi: p.rowModifier[r]! });
    ptp.set(`${t.meta.procCodes[k >>> 16]}|${t.meta.procCodes[k & 0xffff]}`, rows);
  }
  const icd = new Map<string, IcdInfo & { ageMin: number; ageMax: number }>();
  for (let e = 0; e < t.icd.count; e++) {
    icd.set(t.meta.icdCodes[e]!, {
      present: t.icd.presentMask[e]!,
      billable: t.icd.billableMask[e]!,
      flags: t.icd.flags[e]!,
      ageMin: t.icd.ageMin[e]!,
      ageMax: t.icd.ageMax[e]!,
    });
  }
  return { proc, ptp, icd, pos: t.meta.placeOfService, loadedFy: t.meta.icdFiscalYears };
}

const f = (fact: string, path: string, operator: string, value: unknown) => ({ fact, path, operator, value });
const rule = (id: string, conditions: TopLevelCondition, priority = 1): RuleProperties => ({
  name: id,
  conditions,
  event: { type: id },
  priority,
});

const DISTINCT = ['59', 'XE', 'XS', 'XP', 'XU', '91'];
const GLOBAL = ['24', '27', '58', '78', '79'];

export class JsonRulesScrubber {
  private readonly claimEngine: Engine;
  private readonly lineEngine: Engine;
  private readonly pairEngine: Engine;
  private readonly groupEngine: Engine;
  private readonly dxEngine: Engine;
  private readonly asOf: number;

  constructor(
    private readonly t: JreTables,
    asOf: string,
    private readonly payerTimelyDays: Record<string, number>,
    private readonly telehealthPayers: string[],
  ) {
    this.asOf = dateToInt(asOf);
    const opts = { allowUndefinedFacts: true };
    // ---- claim level
    this.claimEngine = new Engine(
      [
        rule('REQUIRED_CLAIM_ID', { all: [f('claim', '$.claimId', 'equal', '')] }),
        rule('REQUIRED_FREQUENCY_CODE', {
          all: [f('claim', '$.frequencyCode', 'notIn', ['1', '6', '7', '8'])],
        }),
        rule('REQUIRED_SUBSCRIBER_ID', { all: [f('claim', '$.subscriberId', 'equal', '')] }),
        rule('REQUIRED_PAYER_ID', { all: [f('claim', '$.payerId', 'equal', '')] }),
        rule('REQUIRED_BILLING_NPI', { all: [f('claim', '$.billingNpi', 'equal', '')] }),
        rule('NPI_BILLING_INVALID', {
          all: [f('claim', '$.billingNpi', 'notEqual', ''), f('claim', '$.billingNpiValid', 'equal', false)],
        }),
        rule('REQUIRED_BILLING_TIN', { all: [f('claim', '$.tinValid', 'equal', false)] }),
        rule('REQUIRED_BILLING_ADDRESS', { all: [f('claim', '$.addressComplete', 'equal', false)] }),
        rule('NPI_RENDERING_INVALID', {
          all: [
            f('claim', '$.renderingNpi', 'notEqual', ''),
            f('claim', '$.renderingNpiValid', 'equal', false),
          ],
        }),
        rule('NPI_REFERRING_INVALID', {
          all: [
            f('claim', '$.referringNpi', 'notEqual', ''),
            f('claim', '$.referringNpiValid', 'equal', false),
          ],
        }),
        rule('REQUIRED_PATIENT_BIRTH_DATE', { all: [f('claim', '$.dob', 'equal', 0)] }),
        rule('DATE_INVALID', { all: [f('claim', '$.dob', 'greaterThan', this.asOf)] }),
        rule('REQUIRED_PATIENT_SEX', { all: [f('claim', '$.sex', 'notIn', ['M', 'F', 'U'])] }),
        rule('REQUIRED_SERVICE_LINES', { all: [f('claim', '$.lineCount', 'equal', 0)] }),
        rule('REQUIRED_LINE_LIMIT', { all: [f('claim', '$.lineCount', 'greaterThan', 50)] }),
        rule('REQUIRED_DIAGNOSIS', { all: [f('claim', '$.dxCount', 'equal', 0)] }),
        rule('REQUIRED_DIAGNOSIS_LIMIT', { all: [f('claim', '$.dxCount', 'greaterThan', 12)] }),
        rule('REQUIRED_PLACE_OF_SERVICE', {
          any: [
            { all: [f('claim', '$.pos', 'notEqual', ''), f('claim', '$.pos', 'notIn', t.pos)] },
            { all: [f('claim', '$.pos', 'equal', ''), f('claim', '$.linesWithoutPos', 'greaterThan', 0)] },
          ],
        }),
        rule('ICD_RELEASE_NOT_LOADED', {
          all: [f('claim', '$.dxCount', 'greaterThan', 0), f('claim', '$.dxFiscalYear', 'notIn', t.loadedFy)],
        }),
        rule('CLAIM_TOTAL_MISMATCH', {
          all: [
            f('claim', '$.hasTotal', 'equal', true),
            f('claim', '$.totalChargeCents', 'notEqual', { fact: 'claim', path: '$.lineChargeSum' }),
          ],
        }),
        rule('TIMELY_FILING_EXPIRED', {
          all: [
            f('claim', '$.lastDos', 'greaterThan', 0),
            f('claim', '$.daysSinceService', 'greaterThan', { fact: 'filingLimit' }),
          ],
        }),
        rule('TIMELY_FILING_NEAR', {
          all: [
            f('claim', '$.lastDos', 'greaterThan', 0),
            f('claim', '$.daysSinceService', 'lessThanInclusive', { fact: 'filingLimit' }),
            f('claim', '$.daysSinceService', 'greaterThan', { fact: 'filingLimitLess30' }),
          ],
        }),
      ],
      opts,
    );
    this.claimEngine.addFact('filingLimit', (_p, almanac) =>
      almanac.factValue<{ payerId: string }>('claim').then((c) => this.payerTimelyDays[c.payerId] ?? 365),
    );
    this.claimEngine.addFact('filingLimitLess30', (_p, almanac) =>
      almanac.factValue<number>('filingLimit').then((d) => d - 30),
    );

    // ---- line level
    const known = f('proc', '$.known', 'equal', true);
    this.lineEngine = new Engine(
      [
        rule('PROCEDURE_CODE_INVALID', { all: [f('line', '$.wellFormed', 'equal', false)] }),
        rule('PROCEDURE_CODE_UNKNOWN', {
          all: [
            f('line', '$.wellFormed', 'equal', true),
            f('proc', '$.known', 'equal', false),
            f('line', '$.hcpcsPattern', 'equal', true),
          ],
        }),
        rule('PROCEDURE_CODE_NOT_IN_TABLES', {
          all: [
            f('line', '$.wellFormed', 'equal', true),
            f('proc', '$.known', 'equal', false),
            f('line', '$.hcpcsPattern', 'equal', false),
          ],
        }),
        rule('DATE_INVALID', {
          any: [f('line', '$.dos', 'equal', 0), f('line', '$.toInvalid', 'equal', true)],
        }),
        rule('DATE_RANGE_REVERSED', {
          all: [f('line', '$.dos', 'greaterThan', 0), f('line', '$.toReversed', 'equal', true)],
        }),
        rule('DATE_IN_FUTURE', {
          all: [f('line', '$.dos', 'greaterThan', 0), f('line', '$.dosTo', 'greaterThan', this.asOf)],
        }),
        rule('DATE_BEFORE_BIRTH', {
          all: [
            f('line', '$.dos', 'greaterThan', 0),
            f('claim', '$.dob', 'greaterThan', 0),
            f('line', '$.dos', 'lessThan', { fact: 'claim', path: '$.dob' }),
          ],
        }),
        rule('DATE_IMPLAUSIBLE_AGE', {
          all: [
            f('line', '$.dos', 'greaterThan', 0),
            f('claim', '$.dob', 'greaterThan', 0),
            f('line', '$.yearsSinceBirthX10000', 'greaterThanInclusive', 1250000),
          ],
        }),
        rule('PROCEDURE_CODE_NOT_EFFECTIVE', {
          all: [
            f('line', '$.dos', 'greaterThan', 0),
            known,
            f('proc', '$.hcpcs', 'equal', true),
            {
              any: [
                {
                  all: [
                    f('proc', '$.add', 'greaterThan', 0),
                    f('proc', '$.add', 'greaterThan', { fact: 'line', path: '$.dos' }),
                  ],
                },
                {
                  all: [
                    f('proc', '$.term', 'greaterThan', 0),
                    f('proc', '$.term', 'lessThan', { fact: 'line', path: '$.dos' }),
                  ],
                },
              ],
            },
          ],
        }),
        rule('MODIFIER_TOO_MANY', { all: [f('line', '$.modCount', 'greaterThan', 4)] }),
        rule('MODIFIER_INVALID', { all: [f('line', '$.invalidMods', 'greaterThan', 0)] }),
        rule('MODIFIER_DUPLICATE', { all: [f('line', '$.duplicateMods', 'greaterThan', 0)] }),
        rule('MODIFIER_CONFLICT', {
          any: [
            { all: [f('line', '$.mods', 'contains', 'LT'), f('line', '$.mods', 'contains', 'RT')] },
            { all: [f('line', '$.mods', 'contains', '26'), f('line', '$.mods', 'contains', 'TC')] },
          ],
        }),
        rule('UNITS_NOT_POSITIVE', { all: [f('line', '$.unitsValid', 'equal', false)] }),
        rule('CHARGE_NOT_POSITIVE', { all: [f('line', '$.chargeValid', 'equal', false)] }),
        rule('DX_POINTER_MISSING', { all: [f('line', '$.pointerCount', 'equal', 0)] }),
        rule('DX_POINTER_INVALID', {
          any: [f('line', '$.badPointers', 'greaterThan', 0), f('line', '$.pointerCount', 'greaterThan', 4)],
        }),
        rule('REQUIRED_PLACE_OF_SERVICE', {
          all: [f('line', '$.pos', 'notEqual', ''), f('line', '$.pos', 'notIn', t.pos)],
        }),
        rule('NPI_RENDERING_INVALID', {
          all: [f('line', '$.npi', 'notEqual', ''), f('line', '$.npiValid', 'equal', false)],
        }),
        rule('MUE_LINE', {
          all: [
            known,
            f('line', '$.units', 'greaterThan', 0),
            f('proc', '$.mueMai', 'equal', 1),
            f('line', '$.units', 'greaterThan', { fact: 'proc', path: '$.mueValue' }),
          ],
        }),
        rule('ADDON_WITHOUT_PRIMARY', {
          all: [
            known,
            f('line', '$.dos', 'greaterThan', 0),
            f('proc', '$.aocType', 'equal', 1),
            f('proc', '$.hasPrimaries', 'equal', true),
            { fact: 'primaryOnSameDate', operator: 'equal', value: false },
          ],
        }),
        rule('ADDON_PRIMARY_NOT_LISTED', {
          all: [
            known,
            f('line', '$.dos', 'greaterThan', 0),
            f('proc', '$.aocType', 'equal', 3),
            f('proc', '$.hasPrimaries', 'equal', true),
            { fact: 'primaryOnSameDate', operator: 'equal', value: false },
          ],
        }),
        rule('TELEHEALTH-95', {
          all: [
            f('claim', '$.payerId', 'in', telehealthPayers),
            f('line', '$.posOrClaimPos', 'in', ['02', '10']),
            f('line', '$.mods', 'doesNotContain', '95'),
          ],
        }),
      ],
      opts,
    );
    this.lineEngine.addFact('proc', (_p, almanac) =>
      almanac.factValue<{ code: string }>('line').then((l) => {
        const info = this.t.proc.get(l.code);
        return info ? { known: true, ...info, hasPrimaries: info.primaries.size > 0 } : { known: false };
      }),
    );
    this.lineEngine.addFact('primaryOnSameDate', (_p, almanac) =>
      Promise.all([
        almanac.factValue<{ code: string; dos: number; index: number }>('line'),
        almanac.factValue<{ lines: { code: string; dos: number }[] }>('claim'),
      ]).then(([l, c]) => {
        const primaries = this.t.proc.get(l.code)?.primaries;
        return c.lines.some(
          (o, j) => j !== l.index && o.dos === l.dos && primaries !== undefined && primaries.has(o.code),
        );
      }),
    );

    // ---- ordered line pairs on one date (NCCI PTP, duplicate lines)
    this.pairEngine = new Engine(
      [
        rule('PTP_MODIFIER_NOT_ALLOWED', { all: [f('ptpEdit', '$.mi', 'equal', 0)] }),
        rule('PTP_MODIFIER_REQUIRED', {
          all: [
            f('ptpEdit', '$.mi', 'equal', 1),
            f('pair', '$.col2Mods', 'not:someFact:in', DISTINCT),
            f('pair', '$.allMods', 'not:someFact:in', GLOBAL),
            f('pair', '$.emLineMods', 'not:someFact:in', ['25', '57']),
            f('pair', '$.differentAnatomicSites', 'equal', false),
          ],
        }),
        rule('DUPLICATE_LINE', {
          all: [
            f('pair', '$.sameCode', 'equal', true),
            f('pair', '$.forward', 'equal', true),
            f('pair', '$.sameModifiers', 'equal', true),
          ],
        }),
      ],
      opts,
    );
    this.pairEngine.addFact('ptpEdit', (_p, almanac) =>
      almanac.factValue<{ col1: string; col2: string; dos: number; sameCode: boolean }>('pair').then((p) => {
        if (p.sameCode) return { mi: -1 };
        const rows = this.t.ptp.get(`${p.col1}|${p.col2}`);
        const row = rows?.find((r) => r.del > p.dos && r.eff <= p.dos);
        return { mi: row ? row.mi : -1 };
      }),
    );

    // ---- code/date groups (MUE per date of service)
    this.groupEngine = new Engine(
      [
        rule('MUE_DATE_OF_SERVICE_POLICY', {
          all: [
            f('mue', '$.mai', 'equal', 2),
            f('group', '$.units', 'greaterThan', { fact: 'mue', path: '$.value' }),
          ],
        }),
        rule('MUE_DATE_OF_SERVICE_CLINICAL', {
          all: [
            f('mue', '$.mai', 'equal', 3),
            f('group', '$.units', 'greaterThan', { fact: 'mue', path: '$.value' }),
          ],
        }),
      ],
      opts,
    );
    this.groupEngine.addFact('mue', (_p, almanac) =>
      almanac.factValue<{ code: string }>('group').then((g) => {
        const info = this.t.proc.get(g.code);
        return { mai: info?.mueMai ?? 0, value: info?.mueValue ?? -1 };
      }),
    );

    // ---- diagnoses
    const inRelease = f('icd', '$.inRelease', 'equal', true);
    this.dxEngine = new Engine(
      [
        rule('ICD_INVALID', { all: [f('icd', '$.found', 'equal', false)] }),
        rule('ICD_NOT_VALID_ON_DATE', {
          all: [f('icd', '$.found', 'equal', true), f('icd', '$.inRelease', 'equal', false)],
        }),
        rule('ICD_HEADER', { all: [inRelease, f('icd', '$.billable', 'equal', false)] }),
        rule('ICD_MANIFESTATION_PRINCIPAL', {
          all: [inRelease, f('dx', '$.index', 'equal', 0), f('icd', '$.manifestation', 'equal', true)],
        }),
        rule('ICD_SEX_CONFLICT', {
          all: [
            inRelease,
            {
              any: [
                { all: [f('dx', '$.sex', 'equal', 'M'), f('icd', '$.femaleOnly', 'equal', true)] },
                { all: [f('dx', '$.sex', 'equal', 'F'), f('icd', '$.maleOnly', 'equal', true)] },
              ],
            },
          ],
        }),
        rule('ICD_AGE_CONFLICT', {
          all: [
            inRelease,
            f('icd', '$.ageMin', 'notEqual', 255),
            f('dx', '$.age', 'greaterThanInclusive', 0),
            {
              any: [
                f('dx', '$.age', 'lessThan', { fact: 'icd', path: '$.ageMin' }),
                f('dx', '$.age', 'greaterThan', { fact: 'icd', path: '$.ageMax' }),
              ],
            },
          ],
        }),
      ],
      opts,
    );
    this.dxEngine.addFact('icd', (_p, almanac) =>
      almanac.factValue<{ code: string; fyBit: number }>('dx').then((d) => {
        const info = this.t.icd.get(d.code.replace('.', '').toUpperCase());
        if (!info) return { found: false };
        return {
          found: true,
          inRelease: (info.present & d.fyBit) !== 0,
          billable: (info.billable & d.fyBit) !== 0,
          manifestation: (info.flags & ICD_MANIFESTATION) !== 0,
          femaleOnly: (info.flags & ICD_FEMALE_ONLY) !== 0,
          maleOnly: (info.flags & ICD_MALE_ONLY) !== 0,
          ageMin: info.ageMin,
          ageMax: info.ageMax,
        };
      }),
    );
  }

  /** Sorted, de-duplicated `EDIT_ID@line` keys of the edits that fire on one claim. */
  async scrub(c: ScrubClaim): Promise<string[]> {
    const out = new Set<string>();
    const fire = (events: { type: string }[], line: number | null) => {
      for (const e of events) out.add(`${e.type}@${line ?? '-'}`);
    };
    const lines = c.lines.map((l, index) => {
      const code = (l.procedureCode ?? '').toUpperCase();
      const dos = dateToInt(l.serviceDate ?? '');
      const toText = l.serviceDateTo ?? '';
      const to = toText ? dateToInt(toText) : dos;
      const mods = (l.modifiers ?? []).map((m) => m.toUpperCase());
      const ptrs = l.diagnosisPointers ?? [];
      return {
        index,
        code,
        wellFormed: /^[0-9A-Z]{5}$/.test(code),
        hcpcsPattern: /^[A-V][0-9]{4}$/.test(code),
        dos,
        toInvalid: dos > 0 && toText !== '' && to === 0,
        toReversed: dos > 0 && to > 0 && to < dos,
        dosTo: dos > 0 && to >= dos ? to : dos,
        mods,
        modCount: mods.length,
        invalidMods: mods.filter((m) => !/^[0-9A-Z]{2}$/.test(m)).length,
        duplicateMods: mods.filter((m, i) => mods.indexOf(m) !== i).length,
        anatomic: mods.filter((m) => ANATOMIC_MODIFIERS.includes(m)),
        em: isEvaluationAndManagement(code),
        units: typeof l.units === 'number' && l.units > 0 && Number.isFinite(l.units) ? l.units : 0,
        unitsValid: typeof l.units === 'number' && l.units > 0 && Number.isFinite(l.units),
        chargeValid: Number.isInteger(l.chargeCents) && l.chargeCents > 0,
        pointerCount: ptrs.length,
        badPointers: ptrs.filter((p) => !Number.isInteger(p) || p < 1 || p > c.diagnoses.length || p > 12)
          .length,
        pos: l.placeOfService ?? '',
        posOrClaimPos: l.placeOfService ?? c.placeOfService ?? '',
        npi: l.renderingProviderNpi ?? '',
        // NCCI PTP/MUE group lines by rendering provider: the line's (2420A), else the claim's
        provider: l.renderingProviderNpi || c.renderingProviderNpi || '',
        npiValid: l.renderingProviderNpi ? isValidNpi(l.renderingProviderNpi) : true,
        yearsSinceBirthX10000: 0,
      };
    });
    const dob = dateToInt(c.patient.birthDate ?? '');
    let firstDos = 0;
    let lastDos = 0;
    for (const l of lines) {
      if (l.dos) {
        if (!firstDos || l.dos < firstDos) firstDos = l.dos;
        if (l.dosTo > lastDos) lastDos = l.dosTo;
        l.yearsSinceBirthX10000 = dob ? l.dos - dob : 0;
      }
    }
    const latestFy = Math.max(...this.t.loadedFy);
    let fy = firstDos ? fiscalYearOf(firstDos) : latestFy;
    const dxFiscalYear = fy;
    if (!this.t.loadedFy.includes(fy))
      fy =
        fy > latestFy
          ? latestFy
          : fy < Math.min(...this.t.loadedFy)
            ? Math.min(...this.t.loadedFy)
            : latestFy;
    let age = -1;
    if (dob && firstDos && firstDos >= dob) {
      age = Math.floor(firstDos / 10000) - Math.floor(dob / 10000);
      if (firstDos % 10000 < dob % 10000) age--;
    }
    const addr = c.billingProvider.address ?? {};
    const zip = (addr.postalCode ?? '').replace('-', '');
    const lineChargeSum = c.lines.reduce(
      (s, l) => s + (Number.isInteger(l.chargeCents) && l.chargeCents > 0 ? l.chargeCents : 0),
      0,
    );
    const claim = {
      claimId: c.claimId ?? '',
      frequencyCode: c.frequencyCode ?? '1',
      subscriberId: (c.subscriberId ?? '').trim(),
      payerId: (c.payerId ?? '').trim(),
      billingNpi: c.billingProvider.npi ?? '',
      billingNpiValid: isValidNpi(c.billingProvider.npi ?? ''),
      tinValid: /^\d{9}$/.test((c.billingProvider.taxId ?? '').replace('-', '')),
      addressComplete:
        !!addr.line1?.trim() &&
        !!addr.city?.trim() &&
        /^[A-Z]{2}$/.test(addr.state ?? '') &&
        /^\d{9}$/.test(zip),
      renderingNpi: c.renderingProviderNpi ?? '',
      renderingNpiValid: isValidNpi(c.renderingProviderNpi ?? ''),
      referringNpi: c.referringProviderNpi ?? '',
      referringNpiValid: isValidNpi(c.referringProviderNpi ?? ''),
      dob,
      sex: c.patient.sex ?? '',
      lineCount: c.lines.length,
      dxCount: c.diagnoses.length,
      pos: c.placeOfService ?? '',
      linesWithoutPos: c.lines.filter((l) => !l.placeOfService).length,
      dxFiscalYear,
      hasTotal: c.totalChargeCents !== undefined,
      totalChargeCents: c.totalChargeCents,
      lineChargeSum,
      lastDos: lastDos && lastDos <= this.asOf ? lastDos : 0,
      daysSinceService: lastDos ? intToDays(this.asOf) - intToDays(lastDos) : 0,
      lines,
    };
    fire((await this.claimEngine.run({ claim })).events, null);
    for (const l of lines) fire((await this.lineEngine.run({ line: l, claim })).events, l.index + 1);
    for (let i = 0; i < lines.length; i++) {
      for (let j = 0; j < lines.length; j++) {
        const a = lines[i]!;
        const b = lines[j]!;
        if (
          i === j ||
          !a.wellFormed ||
          !b.wellFormed ||
          !this.t.proc.has(a.code) ||
          !this.t.proc.has(b.code) ||
          a.dos === 0 ||
          a.dos !== b.dos ||
          a.provider !== b.provider
        )
          continue;
        const em = [...(a.em ? a.mods : []), ...(b.em ? b.mods : [])];
        const pair = {
          col1: a.code,
          col2: b.code,
          dos: a.dos,
          sameCode: a.code === b.code,
          forward: i < j,
          sameModifiers: a.mods.length === b.mods.length && a.mods.every((m) => b.mods.includes(m)),
          col2Mods: b.mods,
          allMods: [...a.mods, ...b.mods],
          emLineMods: em,
          differentAnatomicSites:
            a.anatomic.length > 0 && b.anatomic.length > 0 && b.anatomic.some((m) => !a.anatomic.includes(m)),
        };
        fire((await this.pairEngine.run({ pair })).events, j + 1);
      }
    }
    const groups = new Map<string, { code: string; units: number; firstLine: number }>();
    for (const l of lines) {
      if (!l.wellFormed || l.dos === 0 || !this.t.proc.has(l.code)) continue;
      const key = `${l.code}|${l.dos}|${l.provider}`;
      const g = groups.get(key);
      if (g) g.units += l.units;
      else groups.set(key, { code: l.code, units: l.units, firstLine: l.index + 1 });
    }
    for (const g of groups.values()) fire((await this.groupEngine.run({ group: g })).events, g.firstLine);
    for (let k = 0; k < c.diagnoses.length; k++) {
      fire(
        (
          await this.dxEngine.run({
            dx: { code: c.diagnoses[k], index: k, fyBit: 1 << (fy - ICD_FY_BASE), sex: claim.sex, age },
          })
        ).events,
        null,
      );
    }
    return [...out].sort();
  }
}
