import { QueryRunner } from 'typeorm';
import { phiColumnContext, phiKeyring } from '../phi-cipher';

export interface ClearColumns {
  /** Schema and table, e.g. `claims` and `claim`. */
  schema: string;
  table: string;
  /** Primary key columns in the entity's order: the row key of the associated data. */
  keys: string[];
  /**
   * The columns to seal, already of type `text` holding what the entity reads back (JSON text for
   * a `json` @PhiColumn: `ALTER … TYPE text USING col::text` first).
   */
  columns: string[];
}

/**
 * For data migrations that take a column from clear to @PhiColumn: seals every row's values under
 * the active PHI key, bound to their table/column/row as the subscriber binds them, in batches in
 * primary-key order. Values already sealed (`v1:`/`v2:`) are left alone, so a re-run is harmless.
 */
export async function sealClearColumns(q: QueryRunner, spec: ClearColumns, batchSize = 500): Promise<number> {
  const keyring = phiKeyring();
  const tablePath = `${spec.schema}.${spec.table}`;
  const table = `"${spec.schema}"."${spec.table}"`;
  const keyList = spec.keys.map((k) => `"${k}"`).join(', ');
  const select = `SELECT ${spec.keys.map((k, i) => `"${k}"::text AS "k${i}"`).join(', ')}, ${spec.columns
    .map((c, i) => `"${c}" AS "c${i}"`)
    .join(', ')} FROM ${table}`;
  const set = spec.columns.map((c, i) => `"${c}" = $${i + 1}`).join(', ');
  const where = spec.keys.map((k, i) => `"${k}" = $${spec.columns.length + i + 1}`).join(' AND ');
  let sealed = 0;
  let after: string[] | undefined;
  for (;;) {
    const rows: Array<Record<string, string | null>> = await q.query(
      after
        ? `${select} WHERE (${keyList}) > (${after.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY ${keyList} LIMIT ${batchSize}`
        : `${select} ORDER BY ${keyList} LIMIT ${batchSize}`,
      after,
    );
    for (const row of rows) {
      const key = spec.keys.map((_, i) => row[`k${i}`] as string);
      const values = spec.columns.map((column, i) => {
        const value = row[`c${i}`];
        if (value === null || /^v[12]:/.test(value)) return value;
        sealed += 1;
        return keyring.encrypt(value, phiColumnContext(tablePath, column, key.join(',')));
      });
      await q.query(`UPDATE ${table} SET ${set} WHERE ${where}`, [...values, ...key]);
    }
    if (rows.length < batchSize) return sealed;
    after = spec.keys.map((_, i) => rows[rows.length - 1][`k${i}`] as string);
  }
}
