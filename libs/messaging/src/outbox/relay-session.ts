import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { outboxChannel } from './outbox';

/**
 * The relay's own connection to PostgreSQL, outside the pool: it LISTENs on the schema's outbox
 * channel (a NOTIFY is delivered only when the inserting transaction commits, so a wake-up never
 * comes before the rows are visible) and holds the session advisory lock that makes this relay the
 * schema's only sender. No transaction stays open on it and no row is locked: when the process dies
 * the connection ends and the lock goes with it.
 */
export class RelaySession {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  leader = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly onNotify: () => void,
  ) {}

  /** Connects when not connected and tries to become the leader; true when this relay leads. */
  async lead(): Promise<boolean> {
    const client = await this.connect();
    if (!this.leader) {
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
        [`outbox:${this.schema}`],
      );
      this.leader = rows[0]?.locked === true;
    }
    return this.leader;
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client(clientConfig(this.dataSource));
      const lost = () => {
        if (this.client === client) this.client = undefined;
        this.leader = false;
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', () => this.onNotify());
      try {
        await client.connect();
        await client.query(`LISTEN "${outboxChannel(this.schema)}"`);
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async close(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }
}

/** A pg client config naming the same server, login and session settings as the DataSource's pool. */
function clientConfig(dataSource: DataSource) {
  const o = dataSource.options as PostgresConnectionOptions;
  const extra = (o.extra ?? {}) as { application_name?: string; options?: string };
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl as boolean | undefined,
    application_name: o.applicationName ?? extra.application_name,
    options: extra.options,
  };
}
