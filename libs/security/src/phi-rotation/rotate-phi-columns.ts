import { DataSource, EntityMetadata, QueryRunner } from 'typeorm';
import { PhiDecryptionError, PhiKeyring, phiColumnContext } from '../phi-cipher';
import { PhiColumnRef, phiColumnsOf } from '../phi-column';

/** What a rotation did with the stored PHI values (null values are not counted). */
export interface RotationCounts {
  /** Rewritten under the active key (with --dry-run: would be). */
  rotated: number;
  /** Already sealed under the active key. */
  alreadyCurrent: number;
  /** Changed (or deleted) by someone else between our read and our write: left as they wrote it. */
  skippedConcurrent: number;
  /** Opens under no key of the keyring: left as it is. */
  failed: number;
}

export interface RotationSummary extends RotationCounts {
  /** Per schema-qualified table, e.g. `charts.patient`. */
  byTable: Record<string, RotationCounts>;
}

/** Where a value that opens under no key lives: never the value itself. */
export interface UnopenableValue {
  table: string;
  column: string;
  /** The row key of the associated data (primary key values, comma-joined). */
  row: string;
}

export interface RotationOptions {
  keyring: PhiKeyring;
  /** Rows read per round trip, in primary-key order (default 500). */
  batchSize?: number;
  /** Count only: nothing is written. */
  dryRun?: boolean;
  onUnopenable?: (value: UnopenableValue) => void;
  /** Called when a table is done (progress). */
  onTable?: (table: string, counts: RotationCounts) => void;
  /** Called after each batch is read and before it is rewritten (the concurrency specs write here). */
  afterBatchRead?: (table: string, rowKeys: string[]) => Promise<void>;
}

const zero = (): RotationCounts => ({ rotated: 0, alreadyCurrent: 0, skippedConcurrent: 0, failed: 0 });

/**
 * Re-seals every @PhiColumn value of every entity of the given data sources under the keyring's
 * active key, with the same table/column/row associated data. Safe beside running services: each
 * value is rewritten by a compare-and-set (`… WHERE <primary key> AND col = <value read>`), so a
 * write that landed after our read — already under the active key — is never overwritten but
 * counted `skippedConcurrent`. Each statement commits on its own (no lock held across a batch).
 * Restartable: a second run finds every value `alreadyCurrent`. Values that open under no key are
 * left alone and counted `failed`.
 */
export async function rotatePhiColumns(
  dataSources: DataSource[],
  options: RotationOptions,
): Promise<RotationSummary> {
  const summary: RotationSummary = { ...zero(), byTable: {} };
  for (const ds of dataSources) {
    const tables = ds.entityMetadatas.map(sealedColumnsOf).filter((t) => t.columns.length > 0);
    addCounts(summary, await rotateSealedColumns(ds, tables, options));
  }
  return summary;
}

/**
 * A table whose columns are sealed with `phiColumnContext(tablePath, column, <primary key values,
 * comma-joined>)`, as @PhiColumn values are: an entity's, or a table written without one (a
 * service's dead letters).
 */
export interface SealedColumns {
  /** Schema-qualified, e.g. `claims.dead_letter`. */
  tablePath: string;
  /** Primary key columns, in the order the row key joins them. */
  keys: string[];
  columns: string[];
}

function sealedColumnsOf(metadata: EntityMetadata): SealedColumns {
  return {
    tablePath: metadata.tablePath,
    keys: metadata.primaryColumns.map((c) => c.databaseName),
    columns: phiColumnsOf(metadata).map((c: PhiColumnRef) => c.databaseName),
  };
}

/** Re-seals the given tables' values as rotatePhiColumns does an entity's; counts per table. */
export async function rotateSealedColumns(
  ds: DataSource,
  tables: SealedColumns[],
  options: RotationOptions,
): Promise<Record<string, RotationCounts>> {
  const byTable: Record<string, RotationCounts> = {};
  const runner = ds.createQueryRunner();
  try {
    for (const table of tables) {
      const counts = await rotateTable(runner, table, options);
      byTable[table.tablePath] = counts;
      options.onTable?.(table.tablePath, counts);
    }
  } finally {
    await runner.release();
  }
  return byTable;
}

/** Adds per-table counts into a summary (its totals too). */
export function addCounts(summary: RotationSummary, byTable: Record<string, RotationCounts>): void {
  for (const [table, counts] of Object.entries(byTable)) {
    summary.byTable[table] = counts;
    for (const k of Object.keys(counts) as Array<keyof RotationCounts>) summary[k] += counts[k];
  }
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function rotateTable(
  runner: QueryRunner,
  sealed: SealedColumns,
  options: RotationOptions,
): Promise<RotationCounts> {
  const { keyring } = options;
  const batchSize = options.batchSize ?? 500;
  const counts = zero();
  const table = sealed.tablePath.split('.').map(quote).join('.');
  const keys = sealed.keys.map(quote);
  const phi = sealed.columns.map(quote);
  const keyList = keys.join(', ');
  // Keys as text: the row key the subscriber sealed with is String() of each value.
  const select = `SELECT ${keys.map((k, i) => `${k}::text AS "k${i}"`).join(', ')}, ${phi
    .map((c, i) => `${c} AS "c${i}"`)
    .join(', ')} FROM ${table}`;
  const matchRow = keys.map((k, i) => `${k} = $${i + 3}`).join(' AND ');
  let after: string[] | undefined;
  for (;;) {
    const rows: Array<Record<string, string | null>> = await runner.query(
      after
        ? `${select} WHERE (${keyList}) > (${keys.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY ${keyList} LIMIT ${batchSize}`
        : `${select} ORDER BY ${keyList} LIMIT ${batchSize}`,
      after,
    );
    if (rows.length === 0) return counts;
    const keyOf = (row: Record<string, string | null>) => keys.map((_, i) => row[`k${i}`] as string);
    await options.afterBatchRead?.(
      sealed.tablePath,
      rows.map((r) => keyOf(r).join(',')),
    );
    for (const row of rows) {
      const key = keyOf(row);
      for (const [i, column] of sealed.columns.entries()) {
        const stored = row[`c${i}`];
        if (stored === null || stored === undefined) continue;
        if (!keyring.needsRotation(stored)) {
          counts.alreadyCurrent += 1;
          continue;
        }
        const context = phiColumnContext(sealed.tablePath, column, key.join(','));
        let resealed: string;
        try {
          resealed = keyring.encrypt(keyring.decrypt(stored, context), context);
        } catch (err) {
          if (!(err instanceof PhiDecryptionError)) throw err;
          counts.failed += 1;
          options.onUnopenable?.({
            table: sealed.tablePath,
            column,
            row: key.join(','),
          });
          continue;
        }
        if (options.dryRun) {
          counts.rotated += 1;
          continue;
        }
        const result = await runner.query(
          `UPDATE ${table} SET ${phi[i]} = $1 WHERE ${matchRow} AND ${phi[i]} = $2`,
          [resealed, stored, ...key],
          true,
        );
        if (result.affected === 1) counts.rotated += 1;
        else counts.skippedConcurrent += 1;
      }
    }
    if (rows.length < batchSize) return counts;
    after = keyOf(rows[rows.length - 1]);
  }
}
