import { FaultEnvironment } from './fault-environment';

/** What the pipeline holds once it has settled: every count the scenarios assert on. */
export interface PipelineCounts {
  /** Encounters finalized in charts (committed, whatever the client was answered). */
  finalized: number;
  /** Finalized encounters without a (primary) claim. */
  lostClaims: number;
  /** Claims beyond the first of an encounter. */
  duplicatedClaims: number;
  /** Claims without their remittance ledger entry. */
  lostLedgerEntries: number;
  /** audit.recorded events the services' outboxes hold (every one emitted). */
  auditEvents: number;
  /** Rows of compliance's chained audit log. */
  auditRows: number;
  /** Emitted audit events without a row, and rows of an event beyond its first. */
  lostAuditEvents: number;
  duplicatedAuditRows: number;
  /** Outbox rows not yet acknowledged by the broker, in every schema. */
  unpublished: number;
  /** Dead letters written (outbox rows of .dlq topics) and inbox rows dead-lettered. */
  deadLetters: number;
}

const SCHEMAS = ['charts', 'coding', 'claims', 'remittance', 'compliance'];
const everyOutbox = (select: string) =>
  SCHEMAS.map((s) => `SELECT ${select} FROM "${s}".outbox`).join(' UNION ALL ');

/** Reads the five services' tables (superuser) to count what the pipeline lost or duplicated. */
export class PipelineLedger {
  constructor(private readonly env: FaultEnvironment) {}

  async counts(): Promise<PipelineCounts> {
    const [row] = await this.env.sql<Record<keyof PipelineCounts, string>>(`
      WITH finalized AS (SELECT id::text AS id FROM charts.encounter WHERE status = 'finalized'),
           claims AS (SELECT encounter_id, count(*) AS n FROM claims.claim
                       WHERE primary_claim_id IS NULL GROUP BY encounter_id),
           emitted AS (${everyOutbox(`event_id, topic`)}),
           audit AS (SELECT event_id, count(*) AS n FROM compliance.audit_log GROUP BY event_id)
      SELECT
        (SELECT count(*) FROM finalized) AS finalized,
        (SELECT count(*) FROM finalized f LEFT JOIN claims c ON c.encounter_id = f.id WHERE c.n IS NULL)
          AS "lostClaims",
        (SELECT coalesce(sum(n - 1), 0) FROM claims WHERE n > 1) AS "duplicatedClaims",
        (SELECT count(*) FROM claims.claim c LEFT JOIN remittance.claim_ledger l ON l.claim_id = c.id::text
          WHERE l.claim_id IS NULL) AS "lostLedgerEntries",
        (SELECT count(*) FROM emitted WHERE topic = 'audit.recorded') AS "auditEvents",
        (SELECT count(*) FROM compliance.audit_log) AS "auditRows",
        (SELECT count(*) FROM emitted e LEFT JOIN audit a ON a.event_id = e.event_id
          WHERE e.topic = 'audit.recorded' AND a.event_id IS NULL) AS "lostAuditEvents",
        (SELECT coalesce(sum(n - 1), 0) FROM audit) AS "duplicatedAuditRows",
        (SELECT count(*) FROM (${everyOutbox('published_at')}) o WHERE o.published_at IS NULL) AS unpublished,
        ((SELECT count(*) FROM emitted WHERE topic LIKE '%.dlq')
          + (SELECT count(*) FROM (${SCHEMAS.map((s) => `SELECT outcome FROM "${s}".inbox`).join(' UNION ALL ')}) i
              WHERE i.outcome = 'dead-lettered')) AS "deadLetters"`);
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, Number(v)]),
    ) as unknown as PipelineCounts;
  }

  /**
   * Waits until the pipeline is quiet — every finalized encounter has its claim and ledger entry,
   * every audit event its row, every outbox row is published — and the counts hold still for 2 s,
   * or `timeoutMs` passed; returns the counts then.
   */
  async settle(timeoutMs = 180000): Promise<PipelineCounts> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let stableSince = Date.now();
    for (;;) {
      const counts = await this.counts();
      const quiet =
        counts.lostClaims === 0 &&
        counts.lostLedgerEntries === 0 &&
        counts.lostAuditEvents === 0 &&
        counts.unpublished === 0;
      const key = JSON.stringify(counts);
      if (key !== last) stableSince = Date.now();
      last = key;
      if ((quiet && Date.now() - stableSince >= 2000) || Date.now() > deadline) return counts;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** When (epoch ms) `schema`'s consumers first began a transaction after `sinceMs`, once they have. */
  async firstConsumedAfter(schema: string, sinceMs: number, timeoutMs = 120000): Promise<number> {
    return this.poll(timeoutMs, `${schema} consuming after ${new Date(sinceMs).toISOString()}`, async () => {
      const [r] = await this.env.sql<{ at: string | null }>(
        `SELECT extract(epoch FROM min(processed_at)) * 1000 AS at FROM "${schema}".inbox
          WHERE processed_at > to_timestamp($1::double precision / 1000)`,
        [sinceMs],
      );
      return r.at === null ? undefined : Number(r.at);
    });
  }

  /**
   * When (epoch ms) claims flow again after a fault at `sinceMs`: the encounters finalized in the
   * first second after the first finalize that followed the fault all have their claim stored
   * (so every partition they fell on moves again, not just one).
   */
  async claimsFlowingAfter(sinceMs: number, timeoutMs = 180000): Promise<number> {
    return this.poll(timeoutMs, `claims flowing after ${new Date(sinceMs).toISOString()}`, async () => {
      const [r] = await this.env.sql<{ total: string; claimed: string; at: string | null }>(
        `WITH first AS (SELECT min(created_at) AS t FROM charts.outbox
                         WHERE topic = 'charts.encounter.finalized' AND created_at > to_timestamp($1::double precision / 1000)),
              window_ AS (SELECT o.message_key FROM charts.outbox o, first
                           WHERE o.topic = 'charts.encounter.finalized' AND o.created_at >= first.t
                             AND o.created_at < first.t + interval '1 second')
         SELECT (SELECT count(*) FROM window_) AS total,
                count(c.id) AS claimed,
                extract(epoch FROM max(c.created_at)) * 1000 AS at
           FROM window_ w LEFT JOIN claims.claim c ON c.encounter_id = w.message_key AND c.primary_claim_id IS NULL`,
        [sinceMs],
      );
      const total = Number(r.total);
      return total > 0 && Number(r.claimed) >= total && r.at !== null ? Number(r.at) : undefined;
    });
  }

  private async poll(timeoutMs: number, what: string, probe: () => Promise<number | undefined>) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
