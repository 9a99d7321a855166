import { openEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest, TestResponse } from '@revcycle/runtime';
import { Role } from '@revcycle/security';
import { Client } from 'pg';
import { chartsServiceSpec } from './charts.app';

/** The charts service under test, plus SQL on its database to read the outbox (or plant a trigger). */
export class ChartsTestService {
  private service?: ServiceUnderTest;
  private sql?: Client;

  async start(): Promise<void> {
    this.service = await ServiceUnderTest.start(chartsServiceSpec);
    this.sql = new Client({ connectionString: this.service.running.env.databaseUrl });
    await this.sql.connect();
  }

  /** Where the service listens. */
  get url(): string {
    if (!this.service) throw new Error('start() first');
    return this.service.running.url;
  }

  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    role: Role = 'biller',
  ): Promise<TestResponse<T>> {
    if (!this.service) throw new Error('start() first');
    return this.service.call<T>(method, path, role, body);
  }

  /** Parameterized SQL on the service's database. */
  async query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    if (!this.sql) throw new Error('start() first');
    return (await this.sql.query(text, values)).rows as T[];
  }

  /**
   * The events the service put in its outbox for one aggregate (audit aside, unless `topic` names
   * it), oldest first, their sealed payloads opened with the process's PHI keyring.
   */
  async outbox(
    aggregateId: string,
    topic?: string,
  ): Promise<Array<{ topic: string; payload: Record<string, unknown> }>> {
    const rows = await this.query<{ topic: string; envelope: unknown }>(
      `SELECT topic, envelope FROM charts.outbox
        WHERE message_key = $1 AND (topic = $2 OR ($2 IS NULL AND topic <> 'audit.recorded')) ORDER BY seq`,
      [aggregateId, topic ?? null],
    );
    return rows.map((r) => ({
      topic: r.topic,
      payload: openEventEnvelope<Record<string, unknown>>(r.envelope).payload,
    }));
  }

  async stop(): Promise<void> {
    await this.sql?.end();
    await this.service?.stop();
  }
}
