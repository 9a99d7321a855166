import { CHARTS_DATABASE } from '@revcycle/charts';
import { CLAIMS_DATABASE } from '@revcycle/claims';
import { CODING_DATABASE } from '@revcycle/coding';
import { COMPLIANCE_DATABASE } from '@revcycle/compliance';
import { serviceDataSourceOptions } from '@revcycle/persistence';
import { REMITTANCE_DATABASE } from '@revcycle/remittance';
import { ServiceDatabase } from '@revcycle/runtime';
import { deadLetterSealedColumns, rotateParkedEvents } from '@revcycle/messaging';
import {
  PhiKeyring,
  RotationCounts,
  RotationOptions,
  RotationSummary,
  addCounts,
  rotatePhiColumns,
  rotateSealedColumns,
} from '@revcycle/security';
import { DataSource } from 'typeorm';

/** Every service schema: the entities (and their @PhiColumns) are read from each one's metadata. */
export const SERVICE_DATABASES: ServiceDatabase[] = [
  CHARTS_DATABASE,
  CODING_DATABASE,
  CLAIMS_DATABASE,
  REMITTANCE_DATABASE,
  COMPLIANCE_DATABASE,
];

export class PendingMigrationsError extends Error {}

/**
 * `revcycle keys rotate`: every @PhiColumn of every service's entities re-sealed under the active
 * key (rotatePhiColumns), on a schema whose migrations are all applied — a column a pending
 * migration would still seal holds clear values that no key opens.
 */
export async function rotateKeys(
  url: string,
  keyring: PhiKeyring,
  options: Omit<RotationOptions, 'keyring'> & {
    /** Unpublished outbox events of a schema still sealed under another key than the active one. */
    onOutboxUnderOlderKeys?: (schema: string, count: number) => void;
  } = {},
  databases: ServiceDatabase[] = SERVICE_DATABASES,
): Promise<RotationSummary> {
  const sources: DataSource[] = [];
  try {
    for (const database of databases) {
      const ds = new DataSource(serviceDataSourceOptions({ ...database, url, poolSize: 2 }));
      sources.push(await ds.initialize());
      const pending = await pendingMigrations(ds, database);
      if (pending.length > 0)
        throw new PendingMigrationsError(
          `${database.schema} has ${pending.length} pending migration(s) (${pending.join(', ')}): run \`npm run migrate\` (or start the services) first`,
        );
    }
    const rotation = { ...options, keyring };
    const summary = await rotatePhiColumns(sources, rotation);
    for (const [i, database] of databases.entries())
      addCounts(summary, await rotateDeadLetters(sources[i], database.schema, rotation));
    for (const [i, database] of databases.entries())
      options.onOutboxUnderOlderKeys?.(
        database.schema,
        await outboxUnderOlderKeys(sources[i], database, keyring),
      );
    return summary;
  } finally {
    for (const ds of sources) await ds.destroy();
  }
}

/**
 * A schema's dead letters and the events parked behind them: PHI sealed outside any entity, kept
 * until an operator replays them (possibly after the old key is retired).
 */
async function rotateDeadLetters(
  ds: DataSource,
  schema: string,
  options: RotationOptions,
): Promise<Record<string, RotationCounts>> {
  const [{ table }] = await ds.query(`SELECT to_regclass($1) AS table`, [`"${schema}".dead_letter`]);
  if (!table) return {};
  const byTable = await rotateSealedColumns(ds, [deadLetterSealedColumns(schema)], options);
  const parked = await rotateParkedEvents(ds, schema, options);
  byTable[`${schema}.parked_event`] = parked;
  options.onTable?.(`${schema}.parked_event`, parked);
  return byTable;
}

/** Migrations of the schema not recorded in its migrations table (all of them when there is none yet). */
async function pendingMigrations(ds: DataSource, database: ServiceDatabase): Promise<string[]> {
  const names = database.migrations.map((M) => new M().name ?? M.name);
  const [{ table }] = await ds.query(`SELECT to_regclass($1) AS table`, [`"${database.schema}".migrations`]);
  if (!table) return names;
  const applied = new Set(
    (await ds.query(`SELECT name FROM "${database.schema}".migrations`)).map((r: { name: string }) => r.name),
  );
  return names.filter((n) => !applied.has(n));
}

/**
 * Outbox events are not re-sealed (they are relayed as stored, then pruned): those not yet published
 * under an older key are counted, so the operator keeps that key until they are relayed and past
 * the topics' Kafka retention.
 */
async function outboxUnderOlderKeys(
  ds: DataSource,
  database: ServiceDatabase,
  keyring: PhiKeyring,
): Promise<number> {
  const [{ count }] = await ds.query(
    `SELECT count(*)::int AS count FROM "${database.schema}".outbox
      WHERE published_at IS NULL AND split_part(envelope->>'sealedPayload', ':', 2) <> $1`,
    [keyring.activeKeyId],
  );
  return count;
}
