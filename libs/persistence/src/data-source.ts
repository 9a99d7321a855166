import { PhiColumnSubscriber } from '@revcycle/security';
import { DataSource, DataSourceOptions, EntitySchema, MigrationInterface } from 'typeorm';
import { Client } from 'pg';
import { QueryFailureLogger } from './query-failure-logger';
import {
  MAY_MIGRATE,
  actAsRole,
  ownershipAndGrantStatements,
  rolesAndSchemaStatements,
  serviceRole,
} from './service-roles';

/** The five service schemas (DESIGN.md "Data ownership"): each service owns exactly one. */
export const SERVICE_SCHEMAS = ['charts', 'coding', 'claims', 'remittance', 'compliance'] as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type
type EntityClass = Function | EntitySchema<any>;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  url: string;
  schema: ServiceSchema;
  entities: EntityClass[];
  migrations: MigrationClass[];
  poolSize?: number;
  /**
   * The login that creates the roles and runs migrations (MIGRATION_DATABASE_URL); `url` when
   * unset, as in the embedded default and tests, where one administrative login does both.
   */
  migrationUrl?: string;
}

/**
 * TypeORM options for one service schema. Migrations (TypeORM classes) are the only way tables come
 * to be: synchronize is off; the migrations table lives in the service's schema. Every pooled
 * connection acts as the service's role (`revcycle_<schema>`, see service-roles.ts) from its
 * startup packet on, whichever login `url` names (that login must be, or be a member of, the role).
 */
export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    // Seals and opens @PhiColumn values with their table, column and row as associated data.
    subscribers: [PhiColumnSubscriber],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // A failed statement: one JSON line, never its parameters (PHI); see QueryFailureLogger.
    logging: ['error'],
    logger: new QueryFailureLogger(options.schema),
    extra: {
      max: options.poolSize ?? 10,
      application_name: `revcycle-${options.schema}`,
      options: actAsRole(serviceRole(options.schema)),
    },
  };
}

/**
 * On a data source of the migrating login: creates the roles and the schema owned by
 * revcycle_owner (so the migrations table can live there), runs pending migrations, hands what
 * they created to revcycle_owner and grants the service role its privileges.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: ServiceSchema): Promise<string[]> {
  for (const statement of rolesAndSchemaStatements(schema)) await dataSource.query(statement);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.transaction(async (m) => {
    for (const statement of ownershipAndGrantStatements(schema)) await m.query(statement);
  });
  return applied.map((m) => m.name);
}

/** What the migrating login did to one schema: the migrations it ran now, and every one on record. */
export interface SchemaMigration {
  appliedNow: string[];
  onRecord: string[];
}

/** Class id of the migration advisory locks (two-key form, the schema's hash the second key). */
export const MIGRATION_LOCK = 0x4d494752; // 'MIGR'

/**
 * Roles, schema, migrations, ownership and grants, over a short-lived connection of the migrating
 * login. Serialized per schema by a session advisory lock held on a connection of its own, so that
 * two replicas of a service starting together against one database do not both run a migration
 * (TypeORM reads what is pending, then runs it: two runs would race on the same DDL and on the
 * migrations table): the second waits, then finds nothing pending. A process that dies releases
 * the lock with its connection.
 */
export async function migrateService(options: ServiceDataSourceOptions): Promise<SchemaMigration> {
  const url = options.migrationUrl ?? options.url;
  const lock = new Client({
    connectionString: url,
    application_name: `revcycle-${options.schema}-migrate-lock`,
  });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [MIGRATION_LOCK, options.schema]);
    const migrating = new DataSource({
      ...serviceDataSourceOptions({ ...options, url }),
      extra: { max: 1, application_name: `revcycle-${options.schema}-migrate` },
    });
    await migrating.initialize();
    try {
      const appliedNow = await migrateServiceSchema(migrating, options.schema);
      const rows: Array<{ name: string }> = await migrating.query(
        `SELECT name FROM "${options.schema}".migrations ORDER BY id`,
      );
      return { appliedNow, onRecord: rows.map((r) => r.name) };
    } finally {
      await migrating.destroy();
    }
  } finally {
    // Ending the session releases the lock (an explicit unlock first, for a pooled server-side session).
    await lock
      .query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [MIGRATION_LOCK, options.schema])
      .catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/**
 * Migrates first when it may — MIGRATION_DATABASE_URL is given, or `url`'s login is a superuser or a
 * member of revcycle_owner (embedded default, tests, a single administrative login) — then opens
 * the service's pool, which acts as the service's role. A service given only its own login (the
 * production shape) does not migrate: it refuses to start on a schema with pending migrations.
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  const migrates = options.migrationUrl !== undefined || (await mayMigrate(options.url));
  if (migrates) await migrateService(options);
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  if (!migrates)
    await requireMigrated(dataSource, options).catch(async (err) => {
      await dataSource.destroy();
      throw err;
    });
  return dataSource;
}

async function mayMigrate(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ may: boolean }>(MAY_MIGRATE)).rows[0]?.may === true;
  } finally {
    await client.end();
  }
}

async function requireMigrated(dataSource: DataSource, options: ServiceDataSourceOptions): Promise<void> {
  const pending = await dataSource.query(`SELECT to_regclass($1) AS t`, [`"${options.schema}".migrations`]);
  const onRecord: Array<{ name: string }> = pending[0].t
    ? await dataSource.query(`SELECT name FROM "${options.schema}".migrations`)
    : [];
  const done = new Set(onRecord.map((r) => r.name));
  const missing = dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !done.has(n));
  if (missing.length > 0)
    throw new Error(
      `${options.schema}: ${missing.length} migrations pending (${missing.join(', ')}) and this login may not run them: run \`npm run migrate\` with MIGRATION_DATABASE_URL, or set it for the service`,
    );
}
