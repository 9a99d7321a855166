import type { ClaimKind } from '../../837/model';
import type { Segment } from '../../tokenizer/segment';
import type { Push } from '../push';

/** One HL seen in the walk: its level (20/22/23), parent id, and what hangs under it. */
export interface HierarchicalLevel {
  level: string;
  parent: string;
  seg: Segment;
  children: number;
  claims: number;
  /** The 2000B SBR of a subscriber level. */
  sbr?: Segment;
}

/**
 * The open claim (2300). `seg` is cleared when the claim closes; the counters are reset only by the next
 * CLM, so a stray LX or SV1 before it continues the last claim's line numbering and diagnosis count.
 */
export interface OpenClaim {
  seg?: Segment;
  hasDiagnoses: boolean;
  lines: number;
  nextLineNumber: number;
  diagnoses: number;
}

/** The open service line (2400 LX). */
export interface OpenServiceLine {
  seg: Segment;
  hasServiceDate: boolean;
  hasService: boolean;
}

/** The open billing provider name loop (2010AA NM1*85) and the segments seen in it. */
export interface OpenBillingProvider {
  nm1: Segment;
  seen: Set<string>;
  taxIdRefs: number;
}

/** Where the 837 walk stands: the current HL, party loop, claim, line and billing provider. */
export class Walk837 {
  readonly professional: boolean;
  /** The guide's name in messages. */
  readonly guide: '837P' | '837I';
  readonly levels = new Map<string, HierarchicalLevel>();
  lastHlId = 0;
  currentLevel: HierarchicalLevel | undefined;
  /** The loop opened by the last NM1 or HL, with its N3/N4/PER/DMG/REF counts. */
  partyLoop: { loop: string; counts: Map<string, number> } | undefined;
  hasSubmitter = false;
  hasSubmitterContact = false;
  hasReceiver = false;
  billingProvider: OpenBillingProvider | undefined;
  claim: OpenClaim = { hasDiagnoses: false, lines: 0, nextLineNumber: 1, diagnoses: 0 };
  line: OpenServiceLine | undefined;

  constructor(
    kind: ClaimKind,
    readonly push: Push,
  ) {
    this.professional = kind === 'professional';
    this.guide = this.professional ? '837P' : '837I';
  }

  /** One counter map for the walk, cleared per loop: a transaction opens several party loops per claim. */
  private readonly partyCounts = new Map<string, number>();

  openPartyLoop(loop: string): void {
    this.partyCounts.clear();
    this.partyLoop = { loop, counts: this.partyCounts };
  }
}
