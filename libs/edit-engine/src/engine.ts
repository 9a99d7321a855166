import * as codesets from '@revcycle/codesets';
import type { ReferenceTables } from '@revcycle/codesets';
import { ScrubClaim, ScrubResult } from './claim';
import { compilePayerRules, CompiledPayerRules, PayerRuleSet } from './payer-rules';
import { addOnCodes } from './families/add-on';
import { diagnosisCodes } from './families/icd';
import { lineDates, patientBirthDate, statementPeriod, timelyFiling } from './families/dates';
import { diagnosisPointersLine } from './families/dx-pointer';
import { applyBatchDuplicates, claimFingerprint } from './families/duplicates';
import { modifiersLine } from './families/modifiers';
import { mueDateOfService, mueLine, mueTableOf } from './families/mue';
import {
  billingProviderNpi,
  claimProviderNpis,
  lineRenderingNpi,
  renderingProviderOfLines,
} from './families/npi';
import { payerRuleEdits } from './families/payer-rule-edits';
import { procedureCodeLine, procedureEffectiveLine } from './families/procedure';
import { linePairs } from './families/ptp';
import {
  linePlaceOfService,
  requiredBillingTinAndAddress,
  requiredClaimData,
  requiredPatientLinesAndDiagnoses,
} from './families/required';
import { ScrubContext } from './families/scrub-context';
import { claimTotal, unitsAndChargeLine } from './families/units-charge';
import { edit, sortEdits, statusOf, str } from './families/text';

export {
  addEdits,
  applyBatchDuplicates,
  claimFingerprint,
  findBatchDuplicates,
  newDuplicateTracker,
  storedDuplicateEdit,
} from './families/duplicates';
export type { DuplicateTracker } from './families/duplicates';
export { statusOf } from './families/text';

const { dateToInt, ICD_FY_BASE, intToDate, intToDays } = codesets;

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

// NCCI PTP/MUE outpatient edits do not apply to inpatient bills (type of bill 11x hospital inpatient,
// 18x swing bed, 21x SNF inpatient, 28x SNF swing bed, 41x religious nonmedical, 81x/82x hospice).
const INPATIENT_FACILITY_TYPES = new Set(['11', '18', '21', '28', '41', '81', '82']);

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

/**
 * Runs the edit families (`./families/`, one file each) over a claim in a fixed order: header
 * data, then each line, then line pairs and per-date sums, diagnoses, totals, payer rules.
 */
class Scrubber implements ScrubEngine {
  /** With no fixed asOf: when (ms since epoch) the current UTC day ends. */
  private dayEndsAt = Number.POSITIVE_INFINITY;
  private readonly ctx: ScrubContext;

  constructor(
    readonly tables: ReferenceTables,
    rules: CompiledPayerRules,
    readonly options: EngineOptions & { defaultTimelyFilingDays: number },
  ) {
    let mask = 0;
    for (const fy of tables.meta.icdFiscalYears) mask |= 1 << (fy - ICD_FY_BASE);
    this.ctx = new ScrubContext({
      tables,
      rules,
      pos: new Set(tables.meta.placeOfService),
      institutionalFrequency: new Set(tables.meta.claimFrequency),
      loadedFyMask: mask,
      latestFy: Math.max(...tables.meta.icdFiscalYears),
      earliestFy: Math.min(...tables.meta.icdFiscalYears),
      icdReleaseCheck: options.icdReleaseCheck ?? 'warn',
      defaultTimelyFilingDays: options.defaultTimelyFilingDays,
    });
    if (options.asOf !== undefined) {
      this.ctx.asOfInt = dateToInt(options.asOf);
      if (!this.ctx.asOfInt) throw new Error(`edit-engine: asOf '${options.asOf}' is not a YYYY-MM-DD date`);
      this.ctx.asOfDays = intToDays(this.ctx.asOfInt);
    } else this.refreshToday();
  }

  get asOf(): string {
    if (Date.now() >= this.dayEndsAt) this.refreshToday();
    return intToDate(this.ctx.asOfInt);
  }

  private refreshToday(): void {
    const now = Date.now();
    this.ctx.asOfInt = dateToInt(new Date(now).toISOString().slice(0, 10));
    this.ctx.asOfDays = intToDays(this.ctx.asOfInt);
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

  private scrubUnsafe(claim: ScrubClaim): ScrubResult {
    if (!claim || typeof claim !== 'object') throw new Error('not an object');
    if (this.dayEndsAt !== Number.POSITIVE_INFINITY && Date.now() >= this.dayEndsAt) this.refreshToday();
    const ctx = this.begin(claim);
    const claimId = str(claim.claimId);
    requiredClaimData(ctx, claimId);
    billingProviderNpi(ctx);
    requiredBillingTinAndAddress(ctx);
    claimProviderNpis(ctx);
    patientBirthDate(ctx);
    requiredPatientLinesAndDiagnoses(ctx);
    statementPeriod(ctx);
    const professional = !ctx.institutional;
    for (let i = 0; i < ctx.n; i++) {
      const l = ctx.line(i);
      procedureCodeLine(ctx, l, i);
      lineDates(ctx, l, i);
      procedureEffectiveLine(ctx, i);
      modifiersLine(ctx, l, i);
      unitsAndChargeLine(ctx, l, i);
      if (professional) {
        diagnosisPointersLine(ctx, l, i);
        linePlaceOfService(ctx, l, i);
      }
      lineRenderingNpi(ctx, l, i);
      mueLine(ctx, i);
    }
    renderingProviderOfLines(ctx);
    linePairs(ctx);
    mueDateOfService(ctx);
    addOnCodes(ctx);
    diagnosisCodes(ctx);
    claimTotal(ctx);
    timelyFiling(ctx);
    payerRuleEdits(ctx);
    const edits = ctx.edits;
    sortEdits(edits);
    return { claimId, status: statusOf(edits), edits };
  }

  /** Resets the context for `claim`: its parts as read defensively, counters at zero. */
  private begin(claim: ScrubClaim): ScrubContext {
    const ctx = this.ctx;
    ctx.claim = claim;
    ctx.edits = [];
    ctx.institutional = claim.claimType === 'institutional';
    ctx.lines = Array.isArray(claim.lines) ? claim.lines : [];
    ctx.diagnoses = Array.isArray(claim.diagnoses) ? claim.diagnoses : [];
    ctx.patient = claim.patient && typeof claim.patient === 'object' ? claim.patient : {};
    ctx.billing =
      claim.billingProvider && typeof claim.billingProvider === 'object' ? claim.billingProvider : {};
    ctx.n = ctx.lines.length;
    ctx.dxCount = ctx.diagnoses.length;
    ctx.sex = str(ctx.patient.sex);
    ctx.dob = 0;
    ctx.dobText = '';
    ctx.chargeSum = 0;
    ctx.firstDos = 0;
    ctx.lastDos = 0;
    ctx.age = -1;
    ctx.lineProviders = false;
    ctx.ncci = !ctx.institutional || !INPATIENT_FACILITY_TYPES.has(str(claim.facilityTypeCode));
    ctx.mueTable = mueTableOf(ctx.institutional, claim.dmeSupplier);
    ctx.grow(ctx.n);
    return ctx;
  }
}
