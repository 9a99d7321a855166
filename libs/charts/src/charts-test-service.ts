import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { RunningService, bootstrapService } from '@revcycle/runtime';
import { Role, issueAccessToken } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { chartsServiceSpec } from './charts.app';

/** For the charts integration specs: the charts service on a fresh database and the real broker. */
export class ChartsTestService {
  private running?: RunningService;
  private db?: TestDatabase;
  private sql?: Client;
  private readonly secret = randomBytes(32).toString('base64url');

  async start(): Promise<void> {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    this.db = await createTestDatabase();
    this.running = await bootstrapService(chartsServiceSpec, {
      DATABASE_URL: this.db.url,
      KAFKA_BROKERS: brokers,
      AUTH_JWT_SECRET: this.secret,
      PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    this.sql = new Client({ connectionString: this.db.url });
    await this.sql.connect();
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    role: Role = 'biller',
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.started().url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${issueAccessToken({ id: `it-${role}`, role }, this.secret)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Parameterized SQL on the service's database (to read the outbox, or plant a trigger). */
  async query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    if (!this.sql) throw new Error('start() first');
    return (await this.sql.query(text, values)).rows as T[];
  }

  /** The events the service put in its outbox for one aggregate, oldest first. */
  async outbox(aggregateId: string): Promise<Array<{ topic: string; payload: Record<string, unknown> }>> {
    const rows = await this.query<{ topic: string; envelope: { payload: Record<string, unknown> } }>(
      `SELECT topic, envelope FROM charts.outbox WHERE message_key = $1 AND topic <> 'audit.recorded' ORDER BY seq`,
      [aggregateId],
    );
    return rows.map((r) => ({ topic: r.topic, payload: r.envelope.payload }));
  }

  private started(): RunningService {
    if (!this.running) throw new Error('start() first');
    return this.running;
  }

  async stop(): Promise<void> {
    await this.sql?.end();
    await this.running?.app.close();
    await this.db?.drop();
  }
}
