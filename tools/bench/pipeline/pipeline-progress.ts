import { Client } from 'pg';

/** When one encounter passed each stage, epoch ms (each a transaction's start, see stageTimes). */
export interface StageTimes {
  chartsCommitted: number;
  chartsRelayed: number;
  codingConsumed: number;
  codingRelayed: number;
  claimsConsumed: number;
  claimsScrubbed: number;
}

/**
 * What the bench reads back from the services' one database (superuser; the services never read
 * each other's schemas, the bench does, to see how far each encounter got).
 */
export class PipelineProgress {
  private constructor(private readonly db: Client) {}

  static async connect(databaseUrl: string): Promise<PipelineProgress> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    return new PipelineProgress(db);
  }

  /** When each of these encounters' (primary) claim was stored and scrubbed, epoch ms. */
  async claimsScrubbed(encounterIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ encounter_id: string; at: number }>(
      `SELECT encounter_id, extract(epoch FROM scrubbed_at) * 1000 AS at FROM claims.claim
        WHERE scrubbed_at IS NOT NULL AND primary_claim_id IS NULL AND encounter_id = ANY($1::text[])`,
      [encounterIds],
    );
    return new Map(rows.map((r) => [r.encounter_id, Number(r.at)]));
  }

  /** How many of these encounters have their claim scrubbed. */
  async claimsScrubbedCount(encounterIds: string[]): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM claims.claim
        WHERE scrubbed_at IS NOT NULL AND primary_claim_id IS NULL AND encounter_id = ANY($1::text[])`,
      [encounterIds],
    );
    return Number(rows[0].n);
  }

  /**
   * Where the encounters are between the stages, all runs together: finalized in charts, their
   * event not yet published by charts' relay, consumed by coding, coded event not yet published,
   * consumed by claims, claims scrubbed, and audit events written vs taken in by compliance.
   */
  async stages(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM charts.encounter WHERE status = 'finalized') AS "chartsFinalized",
      (SELECT count(*) FROM charts.outbox WHERE published_at IS NULL AND topic = 'charts.encounter.finalized')
        AS "chartsOutboxWaiting",
      (SELECT count(*) FROM coding.inbox WHERE topic = 'charts.encounter.finalized') AS "codingConsumed",
      (SELECT count(*) FROM coding.outbox WHERE published_at IS NULL AND topic = 'coding.encounter.coded')
        AS "codingOutboxWaiting",
      (SELECT count(*) FROM claims.inbox WHERE topic = 'coding.encounter.coded') AS "claimsConsumed",
      (SELECT count(*) FROM claims.claim WHERE scrubbed_at IS NOT NULL) AS "claimsScrubbed",
      ((SELECT count(*) FROM charts.outbox WHERE topic = 'audit.recorded')
        + (SELECT count(*) FROM coding.outbox WHERE topic = 'audit.recorded')
        + (SELECT count(*) FROM claims.outbox WHERE topic = 'audit.recorded')) AS "auditEventsWritten",
      (SELECT count(*) FROM compliance.inbox WHERE topic = 'audit.recorded') AS "auditEventsTakenIn"`);
    return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  }

  /**
   * For each encounter, when it passed each stage (epoch ms), from the rows the stages leave:
   * charts' outbox row (created in the finalize transaction; published_at when charts' relay took
   * it), coding's inbox row (its consumer's transaction began), coding's outbox row of the coded
   * event (created; taken by coding's relay), claims' inbox row (its consumer began), the claim
   * scrubbed. Only encounters that reached the end.
   */
  async stageTimes(encounterIds: string[]): Promise<Map<string, StageTimes>> {
    const ms = (column: string) => `extract(epoch FROM ${column}) * 1000`;
    const { rows } = await this.db.query<Record<keyof StageTimes | 'encounter_id', string>>(
      `SELECT co.message_key AS encounter_id,
              ${ms('co.created_at')} AS "chartsCommitted", ${ms('co.published_at')} AS "chartsRelayed",
              ${ms('ci.processed_at')} AS "codingConsumed", ${ms('oo.published_at')} AS "codingRelayed",
              ${ms('li.processed_at')} AS "claimsConsumed", ${ms('cl.scrubbed_at')} AS "claimsScrubbed"
         FROM charts.outbox co
         JOIN coding.inbox ci ON ci.event_id = co.event_id
         JOIN coding.outbox oo ON oo.message_key = co.message_key AND oo.topic = 'coding.encounter.coded'
         JOIN claims.inbox li ON li.event_id = oo.event_id
         JOIN claims.claim cl ON cl.encounter_id = co.message_key AND cl.primary_claim_id IS NULL
        WHERE co.topic = 'charts.encounter.finalized' AND co.message_key = ANY($1::text[])
          AND co.published_at IS NOT NULL AND oo.published_at IS NOT NULL AND cl.scrubbed_at IS NOT NULL`,
      [encounterIds],
    );
    return new Map(
      rows.map((r) => [
        r.encounter_id,
        {
          chartsCommitted: Number(r.chartsCommitted),
          chartsRelayed: Number(r.chartsRelayed),
          codingConsumed: Number(r.codingConsumed),
          codingRelayed: Number(r.codingRelayed),
          claimsConsumed: Number(r.claimsConsumed),
          claimsScrubbed: Number(r.claimsScrubbed),
        },
      ]),
    );
  }

  close(): Promise<void> {
    return this.db.end();
  }
}
