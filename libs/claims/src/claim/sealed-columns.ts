import { phiColumnContext, phiKeyring } from '@revcycle/security';

/**
 * PHI columns written by the lean hot-path SQL (no entity, so no PhiColumnSubscriber): sealed
 * exactly as the subscriber does it — AES-256-GCM under the PHI keyring, bound to table, column
 * and row (primary key values comma-joined) as associated data — so TypeORM reads what these
 * write. The same helper as charts' (libs/charts/src/shared/sealed-columns.ts).
 */
export function sealColumn(
  table: string,
  column: string,
  rowId: string,
  value: unknown,
  json = false,
): string {
  return phiKeyring().encrypt(
    json ? JSON.stringify(value) : String(value),
    phiColumnContext(table, column, rowId),
  );
}
