import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Seals / opens one @PhiColumn value written or read by raw SQL (batched INSERT … unnest, joins),
 * with exactly the associated data the entity subscriber uses — the entity's schema-qualified table,
 * the column, the primary key values comma-joined — so `revcycle keys rotate` (which walks the
 * entities) re-seals these rows like any other.
 */
export class SealedColumn<T> {
  private context: ((rowKey: string) => string) | undefined;

  constructor(
    private readonly entity: EntityTarget<ObjectLiteral>,
    private readonly column: string,
  ) {}

  private contextOf(m: EntityManager): (rowKey: string) => string {
    if (!this.context) {
      const table = m.connection.getMetadata(this.entity).tablePath;
      this.context = (rowKey) => phiColumnContext(table, this.column, rowKey);
    }
    return this.context;
  }

  seal(m: EntityManager, rowKey: string, value: T): string {
    return phiKeyring().encrypt(JSON.stringify(value), this.contextOf(m)(rowKey));
  }

  open(m: EntityManager, rowKey: string, stored: string): T {
    return JSON.parse(phiKeyring().decrypt(stored, this.contextOf(m)(rowKey))) as T;
  }
}
