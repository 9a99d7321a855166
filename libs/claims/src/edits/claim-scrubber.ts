import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReferenceTables, loadReferenceTables } from '@revcycle/codesets';
import {
  ClaimEdit,
  PayerRuleSet,
  ScrubEngine,
  ScrubResult,
  addEdits,
  claimFingerprint,
  compilePayerRules,
  createEngine,
  storedDuplicateEdit,
} from '@revcycle/edit-engine';
import { DataSource, EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { ClaimEditRow } from './claim-edit.entity';
import { PayerRuleSetVersion } from './payer-rule-set.entity';
import { toScrubClaim } from './scrub-claim';
import { cobUnbalancedEdits, priorPayerProblems } from '../cob/prior-payer';

/** Class id of the fingerprint advisory locks (two-key form: its own space beside single-key locks). */
export const FINGERPRINT_LOCK = 7301;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Scrubs claims with the edit engine over the full national tables (loaded once per process from
 * the prebuilt snapshot) and the payer rules in force. The engine is rebuilt when the day or the
 * rules change: timely-filing and future-date edits count from the scrub date.
 */
@Injectable()
export class ClaimScrubber implements OnModuleInit {
  private readonly logger = new Logger('ClaimScrubber');
  private tables?: ReferenceTables;
  private rules: { version: number; set: PayerRuleSet } = { version: 0, set: {} };
  private engine?: { asOf: string; version: number; engine: ScrubEngine };

  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    this.tables = loadReferenceTables();
    await this.refreshRules(this.db.manager);
    this.logger.log({
      msg: 'reference tables loaded',
      ms: Date.now() - started,
      payerRulesVersion: this.rules.version,
    });
  }

  scrub(claim: Claim, asOf = today()): ScrubResult {
    return this.engineFor(asOf).scrub(toScrubClaim(claim));
  }

  /**
   * Scrubs and records the outcome on the claim (status, edits, fingerprint) inside the caller's
   * transaction; a claim identical to one stored before it gets DUPLICATE_CLAIM. `extraEdits` are
   * what the caller found beside the engine (a secondary claim's unbalanced COB amounts).
   */
  async scrubAndRecord(m: EntityManager, claim: Claim, extraEdits: ClaimEdit[] = []): Promise<ScrubResult> {
    await this.refreshRules(m);
    claim.fingerprint = claimFingerprint(toScrubClaim(claim)) || null;
    const result = this.scrubWith(claim, await this.earlierIdentical(m, claim), extraEdits);
    await m.getRepository(ClaimEditRow).delete({ claimId: claim.id });
    if (result.edits.length > 0) {
      await m.getRepository(ClaimEditRow).insert(
        result.edits.map((e, i) => ({
          claimId: claim.id,
          seq: i + 1,
          editId: e.id,
          category: e.category,
          severity: e.severity,
          line: e.line,
          codes: e.codes,
          message: e.message,
        })),
      );
    }
    return result;
  }

  /**
   * Scrubs a claim with no I/O and sets its outcome on it (status, scrubbedAt): the lean intake
   * (claim-intake-statements.ts) has made the rules current (useRules) and looked up `earlier`,
   * the live claim stored before it with the same fingerprint, itself, and stores the edits.
   */
  scrubWith(claim: Claim, earlier: string | undefined, extraEdits: ClaimEdit[] = []): ScrubResult {
    const result = this.engineFor(today()).scrub(toScrubClaim(claim));
    if (earlier) addEdits(result, [storedDuplicateEdit(earlier)]);
    // A secondary claim's prior payer amounts must balance against its charges as they stand (837 COB).
    const prior = claim.priorPayer;
    const cob = prior ? cobUnbalancedEdits(prior.patientControlNumber, priorPayerProblems(claim, prior)) : [];
    if (extraEdits.length + cob.length > 0) addEdits(result, [...extraEdits, ...cob]);
    claim.status = result.status === 'rejected' ? 'rejected' : 'ready';
    claim.scrubbedAt = new Date();
    return result;
  }

  /** The rules in force are `version` (read by the caller with its other lookups): loaded when they changed. */
  async useRules(m: EntityManager, version: number): Promise<void> {
    if (version === this.rules.version) return;
    const latest = await m.getRepository(PayerRuleSetVersion).findOneByOrFail({ version });
    this.rules = { version, set: latest.rules };
  }

  /**
   * The patient control number of a live claim stored before this one with the same fingerprint
   * (one indexed lookup). Identical claims scrubbed in parallel transactions queue on a lock of
   * their fingerprint, so the second sees the first once it commits.
   */
  private async earlierIdentical(m: EntityManager, claim: Claim): Promise<string | undefined> {
    if (!claim.fingerprint) return undefined;
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [FINGERPRINT_LOCK, claim.fingerprint]);
    const [row] = await m.query(
      `SELECT patient_control_number FROM claims.claim
        WHERE fingerprint = $1 AND patient_control_number < $2 AND status <> 'voided'
        ORDER BY patient_control_number LIMIT 1`,
      [claim.fingerprint, claim.patientControlNumber],
    );
    return row?.patient_control_number;
  }

  /** Validates (compiles) a rule set and makes it the one in force. Throws PayerRuleError when invalid. */
  async replaceRules(set: PayerRuleSet, by: string): Promise<PayerRuleSetVersion> {
    compilePayerRules(set);
    const saved = await this.db.getRepository(PayerRuleSetVersion).save({ rules: set, createdBy: by });
    this.rules = { version: saved.version, set };
    return saved;
  }

  currentRules(): { version: number; rules: PayerRuleSet } {
    return { version: this.rules.version, rules: this.rules.set };
  }

  /** Another instance may have replaced the rules: one indexed lookup keeps every instance current. */
  private async refreshRules(m: EntityManager): Promise<void> {
    const [row] = await m.query(`SELECT max(version) AS version FROM claims.payer_rule_set`);
    await this.useRules(m, Number(row?.version ?? 0));
  }

  private engineFor(asOf: string): ScrubEngine {
    if (!this.tables) throw new Error('reference tables not loaded yet');
    if (!this.engine || this.engine.asOf !== asOf || this.engine.version !== this.rules.version) {
      this.engine = {
        asOf,
        version: this.rules.version,
        engine: createEngine(this.tables, this.rules.set, { asOf }),
      };
    }
    return this.engine.engine;
  }
}
