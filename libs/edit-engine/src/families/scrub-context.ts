import type { ReferenceTables } from '@revcycle/codesets';
import { ClaimEdit, ScrubClaim, ScrubServiceLine } from '../claim';
import { CompiledPayerRules } from '../payer-rules';

export const EMPTY_LINE = {} as ScrubServiceLine;

/** What the engine fixes once (tables, rules, scrub date, options) and every edit family reads. */
export interface ScrubSettings {
  readonly tables: ReferenceTables;
  readonly rules: CompiledPayerRules;
  /** CMS place-of-service codes. */
  readonly pos: Set<string>;
  /** NUBC type-of-bill 3rd digits (837I CLM05-3). */
  readonly institutionalFrequency: Set<string>;
  readonly loadedFyMask: number;
  readonly latestFy: number;
  readonly earliestFy: number;
  readonly icdReleaseCheck: 'warn' | 'off';
  readonly defaultTimelyFilingDays: number;
}

/**
 * One claim being scrubbed: its parts, the edits found so far and per-line scratch (typed arrays
 * grown on demand and reused claim after claim, so a clean claim allocates little). The engine
 * fills the header fields, then each edit family reads and adds to it.
 */
export class ScrubContext {
  asOfInt = 0;
  asOfDays = 0;
  claim = {} as ScrubClaim;
  edits: ClaimEdit[] = [];
  institutional = false;
  lines: ScrubServiceLine[] = [];
  diagnoses: string[] = [];
  patient: ScrubClaim['patient'] = {};
  billing: ScrubClaim['billingProvider'] = {};
  n = 0;
  dxCount = 0;
  dob = 0;
  dobText = '';
  sex = '';
  /** Statement period (837I), 0 when not given or unusable. */
  stmtFrom = 0;
  stmtTo = 0;
  chargeSum = 0;
  firstDos = 0;
  lastDos = 0;
  /** NCCI PTP/MUE apply (not to inpatient bills). */
  ncci = true;
  /** Some line names its own rendering provider (2420A). */
  lineProviders = false;
  /** MUE_PRACTITIONER, MUE_OUTPATIENT or MUE_DME (codesets' MUE table index). */
  mueTable = 0;
  /** Patient age on the first date of service, -1 when unknown. */
  age = -1;
  // per-line scratch: procedure id, dates, modifier flags, anatomic bits, E/M flag, units, and the
  // rendering provider as the index of the first line with the same one (lines i, j: same provider iff equal)
  pid = new Int32Array(64);
  dos = new Int32Array(64);
  dosTo = new Int32Array(64);
  mods = new Int32Array(64);
  anat = new Int32Array(64);
  em = new Uint8Array(64);
  units = new Float64Array(64);
  prov = new Int32Array(64);

  constructor(readonly settings: ScrubSettings) {}

  grow(n: number): void {
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
    this.prov = new Int32Array(size);
  }

  /** Line i as an object (a malformed line reads as an empty one). */
  line(i: number): ScrubServiceLine {
    const raw = this.lines[i];
    return raw && typeof raw === 'object' ? raw : EMPTY_LINE;
  }
}
