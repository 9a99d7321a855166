import { phiColumnContext, phiKeyring } from '@revcycle/security';

/**
 * PHI columns read and written by the lean hot-path SQL (no entity, so no PhiColumnSubscriber):
 * sealed and opened exactly as the subscriber does it — AES-256-GCM under the PHI keyring, bound
 * to table, column and row as associated data — so TypeORM reads what these write and back.
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

export function openColumn(table: string, column: string, rowId: string, stored: string): string {
  return phiKeyring().decrypt(stored, phiColumnContext(table, column, rowId));
}

export function openJsonColumn<T>(table: string, column: string, rowId: string, stored: string | null): T {
  return (stored === null ? null : JSON.parse(openColumn(table, column, rowId, stored))) as T;
}
