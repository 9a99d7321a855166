import * as codesets from '@revcycle/codesets';
import type { PtpTable, ReferenceTables } from '@revcycle/codesets';
import { ClaimEdit, ScrubClaim, ScrubResult, ScrubServiceLine } from './claim';
import { EDITS, EditId } from './edit-catalogue';
import {
  anatomicBit,
  isEvaluationAndManagement,
  MOD_26,
  MOD_DISTINCT,
  MOD_EM_SEPARATE,
  MOD_GLOBAL_SURGERY,
  MOD_LT,
  MOD_REPEAT_LAB,
  MOD_RT,
  MOD_TC,
  modifierFlag,
} from './modifiers';
import { isValidNpi } from '@revcycle/contracts';
import { compilePayerRules, CompiledPayerRules, PayerRuleSet } from './payer-rules';

// Module-level bindings: the hot path calls these directly instead of through re-export getters.
const {
  dateToInt,
  fiscalYearOf,
  hashSlot,
  ICD_FEMALE_ONLY,
  ICD_FY_BASE,
  ICD_MALE_ONLY,
  ICD_MANIFESTATION,
  icdSlotBase,
  intToDate,
  intToDays,
  MUE_DME,
  MUE_OUTPATIENT,
  MUE_PRACTITIONER,
  packProcedureCode,
  PROC_HCPCS_RECORD,
  ptpMayPair,
} = codesets;

export interface EngineOptions {
  /**
   * The scrub date (`YYYY-MM-DD`): future-date and timely-filing edits count from it. Default: the
   * current UTC date, re-read when the day changes (a long-running service never goes stale).
   */
  asOf?: string;
  /**
   * ICD_RELEASE_NOT_LOADED (warn) when no loaded ICD-10-CM release covers the date of service:
   * 'warn' (default) or 'off' (e.g. a demo running past the newest packaged fiscal year).
   */
  icdReleaseCheck?: 'warn' | 'off';
  /** Filing limit when the payer rule set gives none. Default 365 days (Medicare: 12 months, 42 CFR 424.44). */
  defaultTimelyFilingDays?: number;
}

export interface ScrubEngine {
  readonly tables: ReferenceTables;
  /** The options as given, with defaults filled in (asOf stays undefined = "today"). */
  readonly options: EngineOptions & { defaultTimelyFilingDays: number };
  /** The scrub date in force now (`YYYY-MM-DD`). */
  readonly asOf: string;
  /** Scrubs one claim. Never throws: an unreadable claim gets a CLAIM_UNREADABLE edit. */
  scrub(claim: ScrubClaim): ScrubResult;
  /** Scrubs claims in order, then flags duplicate claims across the batch. Never throws. */
  scrubBatch(claims: readonly ScrubClaim[]): ScrubResult[];
}

const PROFESSIONAL_LINE_LIMIT = 50; // 837P IG loop 2400 repeat
const INSTITUTIONAL_LINE_LIMIT = 999; // 837I IG loop 2400 repeat
const PROFESSIONAL_DIAGNOSIS_LIMIT = 12; // 837P HI: 12 diagnosis codes
const INSTITUTIONAL_DIAGNOSIS_LIMIT = 25; // 837I HI: principal + 24 other diagnoses
const PROFESSIONAL_FREQUENCY = new Set(['1', '6', '7', '8']); // 837P CLM05-3 (6 = corrected, accepted by some payers)
const EMPTY_LINE = {} as ScrubServiceLine;
// NCCI PTP/MUE outpatient edits do not apply to inpatient bills (type of bill 11x hospital inpatient,
// 18x swing bed, 21x SNF inpatient, 28x SNF swing bed, 41x religious nonmedical, 81x/82x hospice).
const INPATIENT_FACILITY_TYPES = new Set(['11', '18', '21', '28', '41', '81', '82']);

/** A field as text: strings as they are, numbers/booleans printed, anything else (objects, null) empty. */
function str(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}

/** Upper-cases only when needed (no allocation for the usual upper-case input). */
function upper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

function edit(id: EditId, line: number | null, codes: string[], message: string): ClaimEdit {
  const d = EDITS[id];
  return { id, category: d.category, severity: d.severity, line, codes, message };
}

function isAlnum2(m: string): boolean {
  if (m.length !== 2) return false;
  for (let i = 0; i < 2; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

function isDigits(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** true when empty or only whitespace (no allocation, unlike trim()). */
function blank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

function isStateCode(s: string): boolean {
  if (s.length !== 2) return false;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

/** HCPCS Level II: a letter A–V followed by 4 digits. */
function isHcpcsLevel2(code: string): boolean {
  const c = code.charCodeAt(0);
  return c >= 65 && c <= 86 && isDigits(code.slice(1), 4);
}

function sortEdits(edits: ClaimEdit[]): void {
  if (edits.length > 1) edits.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export function statusOf(edits: ClaimEdit[]): ScrubResult['status'] {
  if (edits.length === 0) return 'clean';
  for (const e of edits) if (e.severity === 'reject') return 'rejected';
  return 'warning';
}

/**
 * Creates a scrubber over loaded reference tables and payer rules (compiled once here).
 * The engine does no I/O; `scrub` is synchronous and allocation-light on clean claims.
 */
export function createEngine(
  referenceData: ReferenceTables,
  payerRules?: PayerRuleSet,
  options: EngineOptions = {},
): ScrubEngine {
  return new Scrubber(referenceData, compilePayerRules(payerRules), {
    ...options,
    defaultTimelyFilingDays: options.defaultTimelyFilingDays ?? 365,
  });
}

class Scrubber implements ScrubEngine {
  private asOfInt = 0;
  private asOfDays = 0;
  /** With no fixed asOf: when (ms since epoch) the current UTC day ends. */
  private dayEndsAt = Number.POSITIVE_INFINITY;
  private readonly pos: Set<string>;
  private readonly institutionalFrequency: Set<string>;
  private readonly loadedFyMask: number;
  private readonly latestFy: number;
  private readonly earliestFy: number;
  // per-line scratch, grown on demand
  private pid = new Int32Array(64);
  private dos = new Int32Array(64);
  private dosTo = new Int32Array(64);
  private mods = new Int32Array(64);
  private anat = new Int32Array(64);
  private em = new Uint8Array(64);
  private units = new Float64Array(64);

  constructor(
    readonly tables: ReferenceTables,
    private readonly rules: CompiledPayerRules,
    readonly options: EngineOptions & { defaultTimelyFilingDays: number },
  ) {
    if (options.asOf !== undefined) {
      this.asOfInt = dateToInt(options.asOf);
      if (!this.asOfInt) throw new Error(`edit-engine: asOf '${options.asOf}' is not a YYYY-MM-DD date`);
      this.asOfDays = intToDays(this.asOfInt);
    } else this.refreshToday();
    this.pos = new Set(tables.meta.placeOfService);
    this.institutionalFrequency = new Set(tables.meta.claimFrequency);
    let mask = 0;
    for (const fy of tables.meta.icdFiscalYears) mask |= 1 << (fy - ICD_FY_BASE);
    this.loadedFyMask = mask;
    this.latestFy = Math.max(...tables.meta.icdFiscalYears);
    this.earliestFy = Math.min(...tables.meta.icdFiscalYears);
  }

  get asOf(): string {
    if (Date.now() >= this.dayEndsAt) this.refreshToday();
    return intToDate(this.asOfInt);
  }

  private refreshToday(): void {
    const now = Date.now();
    this.asOfInt = dateToInt(new Date(now).toISOString().slice(0, 10));
    this.asOfDays = intToDays(this.asOfInt);
    this.dayEndsAt = (Math.floor(now / 86400000) + 1) * 86400000;
  }

  scrubBatch(claims: readonly ScrubClaim[]): ScrubResult[] {
    const results = new Array<ScrubResult>(claims.length);
    for (let i = 0; i < claims.length; i++) results[i] = this.scrub(claims[i]);
    applyBatchDuplicates(results, claims.map(claimFingerprint));
    return results;
  }

  scrub(claim: ScrubClaim): ScrubResult {
    try {
      return this.scrubUnsafe(claim);
    } catch (err) {
      const claimId = claim && typeof claim === 'object' ? str((claim as ScrubClaim).claimId) : '';
      return {
        claimId,
        status: 'rejected',
        edits: [
          edit(
            'CLAIM_UNREADABLE',
            null,
            [],
            `The claim could not be read (${(err as Error).message}). Fix its structure and resubmit.`,
          ),
        ],
      };
    }
  }

  private grow(n: number): void {
    if (n <= this.pid.length) return;
    let size = this.pid.length;
    while (size < n) size *= 2;
    this.pid = new Int32Array(size);
    this.dos = new Int32Array(size);
    this.dosTo = new Int32Array(size);
    this.mods = new Int32Array(size);
    this.anat = new Int32Array(size);
    this.em = new Uint8Array(size);
    this.units = new Float64Array(size);
  }

  private scrubUnsafe(claim: ScrubClaim): ScrubResult {
    if (!claim || typeof claim !== 'object') throw new Error('not an object');
    if (this.dayEndsAt !== Number.POSITIVE_INFINITY && Date.now() >= this.dayEndsAt) this.refreshToday();
    const t = this.tables;
    const proc = t.proc;
    const edits: ClaimEdit[] = [];
    const claimId = str(claim.claimId);
    if (!claimId)
      edits.push(
        edit(
          'REQUIRED_CLAIM_ID',
          null,
          [],
          'Patient control number (CLM01) is missing: give every claim its own id.',
        ),
      );
    const institutional = claim.claimType === 'institutional';
    const lines: ScrubServiceLine[] = Array.isArray(claim.lines) ? claim.lines : [];
    const diagnoses: string[] = Array.isArray(claim.diagnoses) ? claim.diagnoses : [];
    const patient = claim.patient && typeof claim.patient === 'object' ? claim.patient : {};
    const billing =
      claim.billingProvider && typeof claim.billingProvider === 'object' ? claim.billingProvider : {};

    // ---- required data (837 IG required elements)
    const freq = claim.frequencyCode === undefined ? '1' : str(claim.frequencyCode);
    if (institutional ? !this.institutionalFrequency.has(freq) : !PROFESSIONAL_FREQUENCY.has(freq)) {
      edits.push(
        edit(
          'REQUIRED_FREQUENCY_CODE',
          null,
          [freq],
          `Claim frequency code '${freq}' is not valid for ${institutional ? 'an 837I (NUBC type-of-bill 3rd digit)' : 'an 837P (use 1 original, 7 replacement, 8 void)'}.`,
        ),
      );
    }
    if (blank(str(claim.subscriberId)))
      edits.push(
        edit(
          'REQUIRED_SUBSCRIBER_ID',
          null,
          [],
          "Subscriber/member id is missing: copy it from the patient's insurance card.",
        ),
      );
    if (blank(str(claim.payerId)))
      edits.push(
        edit(
          'REQUIRED_PAYER_ID',
          null,
          [],
          'Payer id is missing: select the payer (clearinghouse payer id) for this coverage.',
        ),
      );
    const billingNpi = str(billing.npi);
    if (!billingNpi) edits.push(edit('REQUIRED_BILLING_NPI', null, [], 'Billing provider NPI is missing.'));
    else if (!isValidNpi(billingNpi))
      edits.push(
        edit(
          'NPI_BILLING_INVALID',
          null,
          [billingNpi],
          `Billing provider NPI ${billingNpi} fails the NPI check digit: re-key it from NPPES.`,
        ),
      );
    const tin = str(billing.taxId).replace('-', '');
    if (!isDigits(tin, 9))
      edits.push(
        edit(
          'REQUIRED_BILLING_TIN',
          null,
          tin ? [str(billing.taxId)] : [],
          'Billing provider TIN (EIN or SSN) must be 9 digits.',
        ),
      );
    const addr = billing.address && typeof billing.address === 'object' ? billing.address : {};
    const zip = str(addr.postalCode).replace('-', '');
    if (
      blank(str(addr.line1)) ||
      blank(str(addr.city)) ||
      !isStateCode(str(addr.state)) ||
      !isDigits(zip, 9)
    ) {
      const missing = [
        blank(str(addr.line1)) && 'street',
        blank(str(addr.city)) && 'city',
        !isStateCode(str(addr.state)) && 'state',
        !isDigits(zip, 9) && '9-digit ZIP (837P/837I 2010AA N403)',
      ].filter(Boolean);
      edits.push(
        edit(
          'REQUIRED_BILLING_ADDRESS',
          null,
          [],
          `Billing provider address incomplete: ${missing.join(', ')}.`,
        ),
      );
    }
    const rendering = str(claim.renderingProviderNpi);
    if (rendering && !isValidNpi(rendering))
      edits.push(
        edit(
          'NPI_RENDERING_INVALID',
          null,
          [rendering],
          `Rendering provider NPI ${rendering} fails the NPI check digit.`,
        ),
      );
    const referring = str(claim.referringProviderNpi);
    if (referring && !isValidNpi(referring))
      edits.push(
        edit(
          'NPI_REFERRING_INVALID',
          null,
          [referring],
          `Referring provider NPI ${referring} fails the NPI check digit.`,
        ),
      );
    const dobText = str(patient.birthDate);
    const dob = dateToInt(dobText);
    if (!dob)
      edits.push(
        edit(
          'REQUIRED_PATIENT_BIRTH_DATE',
          null,
          dobText ? [dobText] : [],
          dobText
            ? `Patient date of birth '${dobText}' is not a YYYY-MM-DD date.`
            : 'Patient date of birth is missing.',
        ),
      );
    else if (dob > this.asOfInt)
      edits.push(edit('DATE_INVALID', null, [dobText], `Patient date of birth ${dobText} is in the future.`));
    const sex = str(patient.sex);
    if (sex !== 'M' && sex !== 'F' && sex !== 'U')
      edits.push(edit('REQUIRED_PATIENT_SEX', null, sex ? [sex] : [], 'Patient sex must be M, F or U.'));
    const n = lines.length;
    if (n === 0)
      edits.push(
        edit(
          'REQUIRED_SERVICE_LINES',
          null,
          [],
          'The claim has no service lines: add the services rendered.',
        ),
      );
    const lineLimit = institutional ? INSTITUTIONAL_LINE_LIMIT : PROFESSIONAL_LINE_LIMIT;
    if (n > lineLimit)
      edits.push(
        edit(
          'REQUIRED_LINE_LIMIT',
          null,
          [String(n)],
          `${n} service lines: an ${institutional ? '837I' : '837P'} claim holds at most ${lineLimit}; split it into several claims.`,
        ),
      );
    const dxCount = diagnoses.length;
    if (dxCount === 0)
      edits.push(
        edit(
          'REQUIRED_DIAGNOSIS',
          null,
          [],
          'The claim has no diagnosis: add the ICD-10-CM codes that support the services.',
        ),
      );
    const dxLimit = institutional ? INSTITUTIONAL_DIAGNOSIS_LIMIT : PROFESSIONAL_DIAGNOSIS_LIMIT;
    if (dxCount > dxLimit)
      edits.push(
        edit(
          'REQUIRED_DIAGNOSIS_LIMIT',
          null,
          [String(dxCount)],
          `${dxCount} diagnoses: an ${institutional ? '837I' : '837P'} claim carries at most ${dxLimit}; keep the ones the services point at.`,
        ),
      );
    const claimPos = str(claim.placeOfService);
    if (!institutional) {
      if (claimPos ? !this.pos.has(claimPos) : lines.some((l) => !l || !l.placeOfService)) {
        edits.push(
          edit(
            'REQUIRED_PLACE_OF_SERVICE',
            null,
            claimPos ? [claimPos] : [],
            claimPos
              ? `Place of service '${claimPos}' is not a CMS POS code.`
              : 'Place of service is missing (CLM05-1).',
          ),
        );
      }
    }
    let stmtFrom = 0;
    let stmtTo = 0;
    if (claim.statementFrom !== undefined || claim.statementTo !== undefined) {
      stmtFrom = dateToInt(str(claim.statementFrom));
      stmtTo = dateToInt(str(claim.statementTo));
      if (!stmtFrom || !stmtTo)
        edits.push(
          edit(
            'DATE_INVALID',
            null,
            [str(claim.statementFrom), str(claim.statementTo)],
            'Statement period dates must both be YYYY-MM-DD dates.',
          ),
        );
      else if (stmtFrom > stmtTo)
        edits.push(
          edit(
            'DATE_RANGE_REVERSED',
            null,
            [str(claim.statementFrom), str(claim.statementTo)],
            'Statement period starts after it ends: swap or correct the dates.',
          ),
        );
      if (!stmtFrom || !stmtTo || stmtFrom > stmtTo) stmtFrom = stmtTo = 0;
    }

    // ---- service lines
    this.grow(n);
    const pid = this.pid;
    const dos = this.dos;
    const dosTo = this.dosTo;
    const mods = this.mods;
    const anat = this.anat;
    const em = this.em;
    const units = this.units;
    const mueTable = institutional ? MUE_OUTPATIENT : MUE_PRACTITIONER;
    const ncci = !institutional || !INPATIENT_FACILITY_TYPES.has(str(claim.facilityTypeCode));
    let chargeSum = 0;
    let firstDos = 0;
    let lastDos = 0;
    for (let i = 0; i < n; i++) {
      const raw = lines[i];
      const l = raw && typeof raw === 'object' ? raw : EMPTY_LINE;
      const ln = i + 1;
      const code = upper(str(l.procedureCode));
      // procedure code
      const packed = packProcedureCode(code);
      let id = 0;
      if (packed === 0 && institutional && code === '' && str(l.revenueCode) !== '') {
        // 837I SV202 is situational: a revenue-code-only line (room and board, pharmacy …) has no HCPCS code.
      } else if (packed === 0) {
        edits.push(
          edit(
            'PROCEDURE_CODE_INVALID',
            ln,
            [code],
            code
              ? `Line ${ln}: procedure code '${code}' is not a 5-character CPT/HCPCS code.`
              : `Line ${ln}: procedure code is missing.`,
          ),
        );
      } else {
        const slot = probeInt(proc.keys, proc.bits, packed);
        id = slot < 0 ? 0 : proc.ids[slot];
        if (id === 0) {
          if (isHcpcsLevel2(code))
            edits.push(
              edit(
                'PROCEDURE_CODE_UNKNOWN',
                ln,
                [code],
                `Line ${ln}: ${code} is not a HCPCS Level II code: check for a typo or a code added after the loaded HCPCS file.`,
              ),
            );
          else
            edits.push(
              edit(
                'PROCEDURE_CODE_NOT_IN_TABLES',
                ln,
                [code],
                `Line ${ln}: ${code} is not in any loaded CMS table; confirm it is a current CPT code.`,
              ),
            );
        }
      }
      pid[i] = id;
      // dates
      const dText = str(l.serviceDate);
      const d = dateToInt(dText);
      let dt = d;
      if (!d) {
        edits.push(
          edit(
            'DATE_INVALID',
            ln,
            dText ? [dText] : [],
            dText
              ? `Line ${ln}: service date '${dText}' is not a real YYYY-MM-DD date.`
              : `Line ${ln}: service date is missing.`,
          ),
        );
      } else {
        if (l.serviceDateTo !== undefined && l.serviceDateTo !== '') {
          const toText = str(l.serviceDateTo);
          dt = dateToInt(toText);
          if (!dt) {
            edits.push(
              edit(
                'DATE_INVALID',
                ln,
                [toText],
                `Line ${ln}: service to-date '${toText}' is not a real YYYY-MM-DD date.`,
              ),
            );
            dt = d;
          } else if (dt < d) {
            edits.push(
              edit(
                'DATE_RANGE_REVERSED',
                ln,
                [dText, toText],
                `Line ${ln}: service from-date ${dText} is after its to-date ${toText}.`,
              ),
            );
            dt = d;
          }
        }
        if (dt > this.asOfInt)
          edits.push(
            edit(
              'DATE_IN_FUTURE',
              ln,
              [intToDate(dt)],
              `Line ${ln}: service date ${intToDate(dt)} is in the future; bill after the service is rendered.`,
            ),
          );
        if (dob && d < dob)
          edits.push(
            edit(
              'DATE_BEFORE_BIRTH',
              ln,
              [dText, dobText],
              `Line ${ln}: service date ${dText} is before the patient's birth (${dobText}).`,
            ),
          );
        else if (dob && d - dob >= 1250000)
          edits.push(
            edit(
              'DATE_IMPLAUSIBLE_AGE',
              ln,
              [dText, dobText],
              `Line ${ln}: patient would be over 125 on ${dText}; check the date of birth.`,
            ),
          );
        if (stmtFrom && (d < stmtFrom || dt > stmtTo))
          edits.push(
            edit(
              'DATE_OUTSIDE_STATEMENT',
              ln,
              [dText],
              `Line ${ln}: service date ${dText} is outside the statement period ${intToDate(stmtFrom)}–${intToDate(stmtTo)}.`,
            ),
          );
        if (!firstDos || d < firstDos) firstDos = d;
        if (dt > lastDos) lastDos = dt;
        if (id !== 0 && (proc.flags[id] & PROC_HCPCS_RECORD) !== 0) {
          const add = proc.hcpcsAdd[id];
          const term = proc.hcpcsTerm[id];
          if ((add && d < add) || (term && d > term)) {
            edits.push(
              edit(
                'PROCEDURE_CODE_NOT_EFFECTIVE',
                ln,
                [code],
                `Line ${ln}: ${code} is ${add && d < add ? `effective only from ${intToDate(add)}` : `terminated after ${intToDate(term)}`}; use the code valid on ${dText}.`,
              ),
            );
          }
        }
      }
      dos[i] = d;
      dosTo[i] = dt;
      // modifiers
      let mf = 0;
      let an = 0;
      const ms = l.modifiers;
      if (ms !== undefined) {
        if (!Array.isArray(ms)) {
          edits.push(
            edit(
              'MODIFIER_INVALID',
              ln,
              [str(ms)],
              `Line ${ln}: modifiers must be a list of 2-character codes.`,
            ),
          );
        } else {
          if (ms.length > 4)
            edits.push(
              edit(
                'MODIFIER_TOO_MANY',
                ln,
                ms.map(str),
                `Line ${ln}: ${ms.length} modifiers; an 837 line carries at most 4 — keep the pricing modifiers first.`,
              ),
            );
          for (let k = 0; k < ms.length; k++) {
            const m = upper(str(ms[k]));
            if (!isAlnum2(m)) {
              edits.push(
                edit('MODIFIER_INVALID', ln, [m], `Line ${ln}: '${m}' is not a modifier (2 letters/digits).`),
              );
              continue;
            }
            let dup = false;
            for (let q = 0; q < k; q++) if (upper(str(ms[q])) === m) dup = true;
            if (dup)
              edits.push(
                edit(
                  'MODIFIER_DUPLICATE',
                  ln,
                  [m],
                  `Line ${ln}: modifier ${m} appears twice; remove the repeat.`,
                ),
              );
            mf |= modifierFlag(m);
            an |= anatomicBit(m);
          }
          if ((mf & MOD_LT) !== 0 && (mf & MOD_RT) !== 0)
            edits.push(
              edit(
                'MODIFIER_CONFLICT',
                ln,
                ['LT', 'RT'],
                `Line ${ln}: LT and RT on one line; report bilateral services with 50 or on two lines.`,
              ),
            );
          if ((mf & MOD_26) !== 0 && (mf & MOD_TC) !== 0)
            edits.push(
              edit(
                'MODIFIER_CONFLICT',
                ln,
                ['26', 'TC'],
                `Line ${ln}: 26 and TC on one line; bill the global service without either modifier.`,
              ),
            );
        }
      }
      mods[i] = mf;
      anat[i] = an;
      em[i] = isEvaluationAndManagement(code) ? 1 : 0;
      // units and charge
      const u = l.units;
      if (typeof u !== 'number' || !(u > 0) || !Number.isFinite(u)) {
        edits.push(
          edit(
            'UNITS_NOT_POSITIVE',
            ln,
            [str(u)],
            `Line ${ln}: units must be a positive number (got '${str(u)}').`,
          ),
        );
        units[i] = 0;
      } else units[i] = u;
      const c = l.chargeCents;
      if (typeof c !== 'number' || !Number.isInteger(c) || c <= 0) {
        edits.push(
          edit(
            'CHARGE_NOT_POSITIVE',
            ln,
            [str(c)],
            `Line ${ln}: charge must be a positive whole number of cents (got '${str(c)}').`,
          ),
        );
      } else chargeSum += c;
      // diagnosis pointers (837P SV107)
      if (!institutional) {
        const ptrs = l.diagnosisPointers;
        if (!Array.isArray(ptrs) || ptrs.length === 0) {
          edits.push(
            edit(
              'DX_POINTER_MISSING',
              ln,
              [code],
              `Line ${ln}: no diagnosis pointer; point it at the diagnosis that supports ${code || 'the service'}.`,
            ),
          );
        } else {
          if (ptrs.length > 4)
            edits.push(
              edit(
                'DX_POINTER_INVALID',
                ln,
                ptrs.map(str),
                `Line ${ln}: ${ptrs.length} diagnosis pointers; a line carries at most 4 (SV107) — keep the most relevant.`,
              ),
            );
          for (let k = 0; k < ptrs.length; k++) {
            const p = ptrs[k];
            if (!Number.isInteger(p) || (p as number) < 1 || (p as number) > dxCount || (p as number) > 12) {
              edits.push(
                edit(
                  'DX_POINTER_INVALID',
                  ln,
                  [str(p)],
                  `Line ${ln}: diagnosis pointer ${str(p)} points at nothing; the claim has ${dxCount} diagnos${dxCount === 1 ? 'is' : 'es'}.`,
                ),
              );
            }
          }
        }
        const linePos = l.placeOfService;
        if (linePos !== undefined && linePos !== '' && !this.pos.has(str(linePos))) {
          edits.push(
            edit(
              'REQUIRED_PLACE_OF_SERVICE',
              ln,
              [str(linePos)],
              `Line ${ln}: place of service '${str(linePos)}' is not a CMS POS code.`,
            ),
          );
        }
      }
      const lineNpi = l.renderingProviderNpi;
      if (lineNpi !== undefined && lineNpi !== '' && !isValidNpi(str(lineNpi))) {
        edits.push(
          edit(
            'NPI_RENDERING_INVALID',
            ln,
            [str(lineNpi)],
            `Line ${ln}: rendering provider NPI ${str(lineNpi)} fails the NPI check digit.`,
          ),
        );
      }
      // MUE, MAI 1: per claim line
      if (ncci && id !== 0 && units[i] > 0) {
        let mt = mueTable;
        if (proc.mueMai[id * 3 + mt] === 0 && !institutional) mt = MUE_DME; // DME supplier MUEs for codes only there
        const mai = proc.mueMai[id * 3 + mt];
        if (mai === 1) {
          const v = proc.mueValue[id * 3 + mt];
          if (units[i] > v) {
            edits.push(
              edit(
                'MUE_LINE',
                ln,
                [code, String(units[i]), String(v)],
                `Line ${ln}: ${units[i]} units of ${code} exceed the MUE of ${v} per line (MAI 1). Reduce the units, or report additional units on separate lines with an appropriate modifier (e.g. 76, 91, RT/LT) when medically necessary.`,
              ),
            );
          }
        }
      }
    }

    // ---- cross-line edits: PTP, duplicate lines, MUE per date of service, add-on codes
    const ptp = institutional ? t.ptpOutpatient : t.ptpPractitioner;
    for (let i = 0; i < n; i++) {
      const a = pid[i];
      const da = dos[i];
      if (a === 0 || da === 0) continue;
      for (let j = i + 1; j < n; j++) {
        const b = pid[j];
        if (b === 0 || dos[j] !== da) continue;
        if (a === b) {
          if (sameModifiers(lines[i], lines[j])) {
            edits.push(
              edit(
                'DUPLICATE_LINE',
                j + 1,
                [codeOf(lines[j])],
                `Line ${j + 1} repeats line ${i + 1} (${codeOf(lines[j])}, same modifiers, ${intToDate(da)}): combine the units on one line, or add 76/77/91 if the service was really repeated.`,
              ),
            );
          }
          continue;
        }
        if (!ncci || !ptpMayPair(ptp, a, b)) continue; // Bloom filter: neither direction is an edit
        this.checkPtp(ptp, lines, i, j, da, edits, institutional);
        this.checkPtp(ptp, lines, j, i, da, edits, institutional);
      }
      // MUE per date of service (MAI 2 and 3): once per code and date, on its first line
      let mt = mueTable;
      if (proc.mueMai[a * 3 + mt] === 0 && !institutional) mt = MUE_DME;
      const mai = proc.mueMai[a * 3 + mt];
      if (ncci && mai >= 2) {
        let first = true;
        for (let j = 0; j < i; j++) if (pid[j] === a && dos[j] === da) first = false;
        if (first) {
          let sum = 0;
          for (let j = i; j < n; j++) if (pid[j] === a && dos[j] === da) sum += units[j];
          const v = proc.mueValue[a * 3 + mt];
          if (sum > v) {
            const at: number[] = [];
            for (let j = i; j < n; j++) if (pid[j] === a && dos[j] === da) at.push(j + 1);
            const code = codeOf(lines[i]);
            const where = at.length > 1 ? `lines ${at.join(', ')}` : `line ${i + 1}`;
            if (mai === 2) {
              edits.push(
                edit(
                  'MUE_DATE_OF_SERVICE_POLICY',
                  i + 1,
                  [code, String(sum), String(v)],
                  `${where}: ${sum} units of ${code} on ${intToDate(da)} exceed the MUE of ${v} per day (MAI 2, policy limit: units above it are not payable and not appealable). Reduce the units to ${v}.`,
                ),
              );
            } else {
              edits.push(
                edit(
                  'MUE_DATE_OF_SERVICE_CLINICAL',
                  i + 1,
                  [code, String(sum), String(v)],
                  `${where}: ${sum} units of ${code} on ${intToDate(da)} exceed the MUE of ${v} per day (MAI 3, clinical benchmark). Reduce the units, or keep them and send records supporting medical necessity on appeal.`,
                ),
              );
            }
          }
        }
      }
      // add-on codes
      const aoc = proc.aocType[a];
      if (aoc === 1 || aoc === 3) {
        const s = proc.aocStart[a];
        const e = proc.aocStart[a + 1];
        if (e > s) {
          let found = false;
          for (let j = 0; j < n && !found; j++) {
            if (j !== i && dos[j] === da && pid[j] !== 0 && containsSorted(proc.aocPrimaries, s, e, pid[j]))
              found = true;
          }
          if (!found) {
            const code = codeOf(lines[i]);
            const examples = Array.from(
              proc.aocPrimaries.subarray(s, Math.min(e, s + 5)),
              (p) => t.meta.procCodes[p],
            ).join(', ');
            if (aoc === 1)
              edits.push(
                edit(
                  'ADDON_WITHOUT_PRIMARY',
                  i + 1,
                  [code],
                  `Line ${i + 1}: add-on code ${code} needs its primary procedure on the same date (e.g. ${examples}${e - s > 5 ? ', …' : ''}); add the primary or remove ${code}.`,
                ),
              );
            else
              edits.push(
                edit(
                  'ADDON_PRIMARY_NOT_LISTED',
                  i + 1,
                  [code],
                  `Line ${i + 1}: add-on code ${code} has none of its CMS-listed primaries on the same date (e.g. ${examples}); confirm the contractor accepts the primary billed.`,
                ),
              );
          }
        }
      }
    }

    // ---- diagnoses
    const dxDate = stmtFrom || firstDos;
    let fy = dxDate ? fiscalYearOf(dxDate) : this.latestFy;
    if (fy < ICD_FY_BASE || fy > ICD_FY_BASE + 31 || (this.loadedFyMask & (1 << (fy - ICD_FY_BASE))) === 0) {
      const near =
        fy > this.latestFy ? this.latestFy : fy < this.earliestFy ? this.earliestFy : this.latestFy;
      if (dxCount > 0 && this.options.icdReleaseCheck !== 'off') {
        edits.push(
          edit(
            'ICD_RELEASE_NOT_LOADED',
            null,
            [`FY${fy}`],
            `No ICD-10-CM release for FY${fy} (date of service ${intToDate(dxDate)}) is loaded; diagnoses were checked against FY${near}. Import the FY${fy} code file to check them exactly.`,
          ),
        );
      }
      fy = near;
    }
    const fyBit = 1 << (fy - ICD_FY_BASE);
    let age = -1;
    if (dob && dxDate && dxDate >= dob) {
      age = Math.floor(dxDate / 10000) - Math.floor(dob / 10000);
      if (dxDate % 10000 < dob % 10000) age--;
    }
    const slots = t.icd.slots;
    for (let k = 0; k < dxCount; k++) {
      const dx = str(diagnoses[k]);
      const b = icdSlotBase(t.icd, dx);
      if (b < 0) {
        edits.push(
          edit(
            'ICD_INVALID',
            null,
            [dx],
            `Diagnosis ${k + 1} '${dx}' is not an ICD-10-CM code: check for a typo (codes are stored without the dot).`,
          ),
        );
        continue;
      }
      const present = slots[b + 3];
      if ((present & fyBit) === 0) {
        const years: number[] = [];
        for (let y = 0; y < 32; y++) if ((present & (1 << y)) !== 0) years.push(ICD_FY_BASE + y);
        edits.push(
          edit(
            'ICD_NOT_VALID_ON_DATE',
            null,
            [dx],
            `Diagnosis ${k + 1} ${dx} is not valid on ${intToDate(dxDate)} (FY${fy}); it is valid in FY${years.join(', FY')}. Use the code that replaced it.`,
          ),
        );
        continue;
      }
      if ((slots[b + 4] & fyBit) === 0) {
        const child = slots[b + 6];
        edits.push(
          edit(
            'ICD_HEADER',
            null,
            [dx],
            `Diagnosis ${k + 1} ${dx} is a category header, not billable: code to the highest specificity${child >= 0 ? ` (e.g. ${t.meta.icdCodes[child]})` : ''}.`,
          ),
        );
      }
      const packed = slots[b + 5];
      const f = packed & 255;
      if (f !== 0) {
        if (k === 0 && (f & ICD_MANIFESTATION) !== 0)
          edits.push(
            edit(
              'ICD_MANIFESTATION_PRINCIPAL',
              null,
              [dx],
              `${dx} is a manifestation code and cannot be the principal/first-listed diagnosis: list the underlying condition first.`,
            ),
          );
        if (sex === 'M' && (f & ICD_FEMALE_ONLY) !== 0)
          edits.push(
            edit(
              'ICD_SEX_CONFLICT',
              null,
              [dx, sex],
              `Diagnosis ${dx} applies to female patients only, but the patient's sex is M: correct the diagnosis or the patient's sex.`,
            ),
          );
        if (sex === 'F' && (f & ICD_MALE_ONLY) !== 0)
          edits.push(
            edit(
              'ICD_SEX_CONFLICT',
              null,
              [dx, sex],
              `Diagnosis ${dx} applies to male patients only, but the patient's sex is F: correct the diagnosis or the patient's sex.`,
            ),
          );
      }
      const lo = (packed >>> 8) & 255;
      const hi = (packed >>> 16) & 255;
      if (lo !== 255 && age >= 0 && (age < lo || age > hi)) {
        edits.push(
          edit(
            'ICD_AGE_CONFLICT',
            null,
            [dx, String(age)],
            `Diagnosis ${dx} is for ages ${lo}–${hi}, but the patient is ${age}: correct the diagnosis or the date of birth.`,
          ),
        );
      }
    }

    // ---- claim total, timely filing
    if (claim.totalChargeCents !== undefined && claim.totalChargeCents !== chargeSum) {
      edits.push(
        edit(
          'CLAIM_TOTAL_MISMATCH',
          null,
          [str(claim.totalChargeCents), String(chargeSum)],
          `Claim total ${str(claim.totalChargeCents)} cents differs from the sum of line charges ${chargeSum} cents (CLM02 must equal the sum of SV102).`,
        ),
      );
    }
    if (lastDos && lastDos <= this.asOfInt) {
      const payerId = str(claim.payerId);
      const limit = this.rules.timelyFilingDays.get(payerId) ?? this.options.defaultTimelyFilingDays;
      const age = this.asOfDays - intToDays(lastDos);
      if (age > limit)
        edits.push(
          edit(
            'TIMELY_FILING_EXPIRED',
            null,
            [intToDate(lastDos), String(limit)],
            `Service date ${intToDate(lastDos)} is ${age} days old, past the ${limit}-day filing limit: the payer will deny it unless you hold proof of timely filing.`,
          ),
        );
      else if (age > limit - 30)
        edits.push(
          edit(
            'TIMELY_FILING_NEAR',
            null,
            [intToDate(lastDos), String(limit)],
            `Service date ${intToDate(lastDos)} is ${age} days old; the ${limit}-day filing limit is ${limit - age} days away: submit now.`,
          ),
        );
    }

    // ---- payer rules (compiled closures)
    const rules = this.rules.byPayer.get(str(claim.payerId)) ?? this.rules.anyPayer;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (rule.scope === 'claim') {
        if (rule.fires(claim, undefined, age))
          edits.push({
            id: rule.id,
            category: 'payer-rule',
            severity: rule.severity,
            line: null,
            codes: rule.codes(claim, undefined),
            message: rule.message(claim, undefined, 0, age),
          });
      } else {
        for (let i = 0; i < n; i++) {
          const l = lines[i] && typeof lines[i] === 'object' ? lines[i] : EMPTY_LINE;
          if (rule.fires(claim, l, age))
            edits.push({
              id: rule.id,
              category: 'payer-rule',
              severity: rule.severity,
              line: i + 1,
              codes: rule.codes(claim, l),
              message: rule.message(claim, l, i + 1, age),
            });
        }
      }
    }

    sortEdits(edits);
    return { claimId, status: statusOf(edits), edits };
  }

  /** NCCI PTP: line `c1` as column 1, line `c2` as column 2, both on `dos`. */
  private checkPtp(
    ptp: PtpTable,
    lines: ScrubServiceLine[],
    c1: number,
    c2: number,
    dos: number,
    edits: ClaimEdit[],
    institutional: boolean,
  ): void {
    const row = ptpRowFast(ptp, this.pid[c1], this.pid[c2], dos);
    if (row < 0) return;
    const mi = ptp.rowModifier[row];
    if (mi === 9) return; // NCCI: modifier indicator 9 = edit not applicable
    const code1 = codeOf(lines[c1]);
    const code2 = codeOf(lines[c2]);
    const setting = institutional ? 'outpatient hospital' : 'practitioner';
    if (mi === 0) {
      edits.push(
        edit(
          'PTP_MODIFIER_NOT_ALLOWED',
          c2 + 1,
          [code1, code2],
          `Line ${c2 + 1}: ${code2} is a component of ${code1} (line ${c1 + 1}) on ${intToDate(dos)} under NCCI PTP (${setting}), modifier indicator 0: no modifier bypasses this edit. Remove line ${c2 + 1} or correct the codes.`,
        ),
      );
      return;
    }
    // modifier indicator 1: NCCI Policy Manual ch. I §E — an NCCI-associated modifier on the right line bypasses
    const m1 = this.mods[c1];
    const m2 = this.mods[c2];
    if ((m2 & (MOD_DISTINCT | MOD_REPEAT_LAB)) !== 0) return; // 59/X{EPSU}/91 on the column 2 code
    if (((m1 | m2) & MOD_GLOBAL_SURGERY) !== 0) return; // 24, 27, 58, 78, 79
    if ((this.em[c1] && (m1 & MOD_EM_SEPARATE) !== 0) || (this.em[c2] && (m2 & MOD_EM_SEPARATE) !== 0))
      return; // 25/57 on the E/M line
    const a1 = this.anat[c1];
    const a2 = this.anat[c2];
    if (a1 !== 0 && a2 !== 0 && (a2 & ~a1) !== 0) return; // different anatomic sites (e.g. RT vs LT, F1 vs F2)
    const hint =
      this.em[c1] || this.em[c2]
        ? `25 on the E/M line (${this.em[c1] ? code1 : code2}) if it was significant and separately identifiable, `
        : '';
    edits.push(
      edit(
        'PTP_MODIFIER_REQUIRED',
        c2 + 1,
        [code1, code2],
        `Line ${c2 + 1}: ${code2} is bundled into ${code1} (line ${c1 + 1}) on ${intToDate(dos)} under NCCI PTP (${setting}), modifier indicator 1. If the services were distinct, append ${hint}59 or XE/XS/XP/XU to line ${c2 + 1} (or different anatomic modifiers on both lines); otherwise remove line ${c2 + 1}.`,
      ),
    );
  }
}

function codeOf(l: ScrubServiceLine | undefined): string {
  return l && typeof l === 'object' ? upper(str(l.procedureCode)) : '';
}

function sameModifiers(a: ScrubServiceLine | undefined, b: ScrubServiceLine | undefined): boolean {
  const ma = a && Array.isArray(a.modifiers) ? a.modifiers : [];
  const mb = b && Array.isArray(b.modifiers) ? b.modifiers : [];
  if (ma.length !== mb.length) return false;
  for (const m of ma) if (!mb.includes(m)) return false;
  return true;
}

function containsSorted(arr: Int32Array, lo: number, hi: number, v: number): boolean {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = arr[mid];
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function probeInt(keys: Int32Array, bits: number, key: number): number {
  const mask = (1 << bits) - 1;
  let slot = hashSlot(key, bits);
  for (;;) {
    const k = keys[slot];
    if (k === key) return slot;
    if (k === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** codesets' ptpRow without its Bloom check (the caller already made it), for the hot loop. */
function ptpRowFast(ptp: PtpTable, col1: number, col2: number, dos: number): number {
  const key = ((col1 << 16) | col2) >>> 0;
  const keys = ptp.keys;
  const mask = (1 << ptp.bits) - 1;
  let slot = Math.imul(key, 0x9e3779b1) >>> (32 - ptp.bits);
  for (;;) {
    const k = keys[slot];
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

/**
 * What makes two claims the same submission: patient, payer, billing provider and every line's
 * code, modifiers, dates, units and charge. Replacement (7) and void (8) claims have none: they are
 * meant to repeat an earlier claim. Returned as a 64-bit hash (two 32-bit FNV-1a/murmur lanes,
 * ~3·10⁻⁶ chance of one false match in ten million claims) so batches compare short keys.
 */
export function claimFingerprint(claim: ScrubClaim): string {
  if (!claim || typeof claim !== 'object') return '';
  const freq = str(claim.frequencyCode);
  if (freq === '7' || freq === '8') return '';
  fpA = 0x811c9dc5;
  fpB = 0x9747b28c;
  fpText(str(claim.payerId));
  fpText(str(claim.subscriberId));
  fpText(str(claim.patient?.birthDate));
  fpText(str(claim.billingProvider?.npi));
  const lines = Array.isArray(claim.lines) ? claim.lines : [];
  for (const l of lines) {
    if (!l || typeof l !== 'object') continue;
    fpText(str(l.procedureCode));
    if (Array.isArray(l.modifiers)) for (const m of l.modifiers) fpText(str(m));
    fpText(str(l.serviceDate));
    fpText(str(l.serviceDateTo));
    fpNumber(typeof l.units === 'number' ? Math.round(l.units * 1000) : -1);
    fpNumber(typeof l.chargeCents === 'number' ? l.chargeCents : -1);
  }
  return `${(fpA >>> 0).toString(36)}.${(fpB >>> 0).toString(36)}.${lines.length}`;
}

let fpA = 0;
let fpB = 0;
function fpText(s: string): void {
  let a = fpA;
  let b = fpB;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // field separator, so ("ab","c") and ("a","bc") differ
  fpA = Math.imul(a ^ 0x1f, 0x01000193);
  fpB = Math.imul(b ^ 0x1f, 0x5bd1e995);
}
function fpNumber(n: number): void {
  fpA = Math.imul(fpA ^ (n | 0), 0x01000193);
  fpB = Math.imul(fpB ^ ((n / 4294967296) | 0) ^ (n | 0), 0x5bd1e995);
  fpB ^= fpB >>> 13;
}

export interface DuplicateTracker {
  byContent: Map<string, string>;
  byId: Map<string, string>;
}

/** State for duplicate detection across several batches of one run (e.g. a streamed file). */
export function newDuplicateTracker(): DuplicateTracker {
  return { byContent: new Map(), byId: new Map() };
}

export function applyBatchDuplicates(
  results: ScrubResult[],
  fingerprints: readonly string[],
  tracker: DuplicateTracker = newDuplicateTracker(),
): void {
  const found = findBatchDuplicates(
    results.map((r) => r.claimId),
    fingerprints,
    tracker,
  );
  for (const [i, edits] of found) addEdits(results[i], edits);
}

/** Adds edits to a result, keeping the edit order and the status right. */
export function addEdits(r: ScrubResult, edits: ClaimEdit[]): void {
  r.edits.push(...edits);
  sortEdits(r.edits);
  r.status = statusOf(r.edits);
}

/**
 * The duplicate edits of a batch, by index: claims identical to an earlier one (DUPLICATE_CLAIM)
 * and claim ids reused by a different claim (DUPLICATE_CLAIM_ID). `tracker` carries the state
 * across batches of one run.
 */
export function findBatchDuplicates(
  claimIds: readonly string[],
  fingerprints: readonly string[],
  tracker: DuplicateTracker = newDuplicateTracker(),
): Map<number, ClaimEdit[]> {
  const { byContent, byId } = tracker;
  const out = new Map<number, ClaimEdit[]>();
  for (let i = 0; i < claimIds.length; i++) {
    const claimId = claimIds[i] ?? '';
    const fp = fingerprints[i] ?? '';
    const edits: ClaimEdit[] = [];
    if (fp) {
      const earlier = byContent.get(fp);
      if (earlier !== undefined) {
        edits.push(
          edit(
            'DUPLICATE_CLAIM',
            null,
            [earlier],
            `Duplicate of claim ${earlier} earlier in this batch (same patient, payer, provider and services). Remove it, or send it as a replacement (frequency 7).`,
          ),
        );
      } else byContent.set(fp, claimId);
    }
    if (claimId) {
      const prev = byId.get(claimId);
      if (prev === undefined) byId.set(claimId, fp);
      else if (prev !== fp || !fp) {
        edits.push(
          edit(
            'DUPLICATE_CLAIM_ID',
            null,
            [claimId],
            `Patient control number ${claimId} is already used by another claim of this batch: give each claim its own id.`,
          ),
        );
      }
    }
    if (edits.length > 0) out.set(i, edits);
  }
  return out;
}
