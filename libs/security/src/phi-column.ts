import {
  Column,
  EntityMetadata,
  EntitySubscriberInterface,
  EventSubscriber,
  InsertEvent,
  LoadEvent,
  ObjectLiteral,
  UpdateEvent,
  ValueTransformer,
} from 'typeorm';
import { phiColumnContext, phiKeyring } from './phi-cipher';

type PhiKind = 'text' | 'json';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const PHI_PROPERTIES = new WeakMap<Function, Map<string, PhiKind>>();

/** A PHI value as read from its column, still sealed: the subscriber opens it once the row is known. */
export class SealedPhi {
  constructor(readonly stored: string) {}
}

/** What a PHI value not sealed to its row turns into on the way to the database: the write fails. */
class UnsealedPhiWrite {
  toPostgres(): never {
    throw new Error(
      'a PHI column was written without its row (query-builder update without the primary key?): ' +
        'save the entity, or include its primary key in the values, so the value is sealed to its row',
    );
  }
}

const sealedOnly: ValueTransformer = {
  to: (value: unknown) =>
    value === null || value === undefined
      ? value
      : value instanceof SealedPhi
        ? value.stored
        : new UnsealedPhiWrite(),
  from: (value: string | null) => (value === null ? value : new SealedPhi(value)),
};

/**
 * A PHI column (HIPAA §164.312(a)(2)(iv)): AES-256-GCM under the PHI keyring, bound to its table,
 * column and row as associated data. The entity's primary key must be set before it is written;
 * `PhiColumnSubscriber` seals on insert/update and opens on load (a ValueTransformer alone does
 * not know the row). `json` columns hold any JSON value (addresses, snapshots). `select: false`
 * leaves the column out of finds (it is opened only where read explicitly).
 */
export function PhiColumn(
  options: { name?: string; json?: boolean; nullable?: boolean; select?: boolean } = {},
): PropertyDecorator {
  return (target, property) => {
    const ctor = target.constructor;
    const props = PHI_PROPERTIES.get(ctor) ?? new Map<string, PhiKind>();
    props.set(String(property), options.json ? 'json' : 'text');
    PHI_PROPERTIES.set(ctor, props);
    Column({
      type: 'text',
      name: options.name,
      nullable: options.nullable,
      select: options.select,
      transformer: sealedOnly,
    })(target, property);
  };
}

/** One PHI column of an entity: where it lives (for associated data and for rotation). */
export interface PhiColumnRef {
  propertyName: string;
  databaseName: string;
  kind: PhiKind;
}

/** The PHI columns of an entity (empty for entities without any). */
export function phiColumnsOf(metadata: EntityMetadata): PhiColumnRef[] {
  const props = PHI_PROPERTIES.get(metadata.target as object as never);
  if (!props) return [];
  return [...props].map(([propertyName, kind]) => ({
    propertyName,
    kind,
    databaseName: metadata.findColumnWithPropertyName(propertyName)!.databaseName,
  }));
}

/** The row key of the associated data: primary key values in column order, comma-joined. */
export function phiRowKey(metadata: EntityMetadata, entity: ObjectLiteral): string | undefined {
  const values = metadata.primaryColumns.map((c) => c.getEntityValue(entity));
  return values.some((v) => v === undefined || v === null) ? undefined : values.map(String).join(',');
}

const serialize = (kind: PhiKind, value: unknown): string =>
  kind === 'json' ? JSON.stringify(value) : String(value);
const deserialize = (kind: PhiKind, plain: string): unknown => (kind === 'json' ? JSON.parse(plain) : plain);

/** Seals and opens PHI columns with their row as associated data; plain values are put back after a write. */
@EventSubscriber()
export class PhiColumnSubscriber implements EntitySubscriberInterface {
  private readonly plainDuringWrite = new WeakMap<ObjectLiteral, Map<string, unknown>>();

  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    this.seal(event.metadata, event.entity);
  }

  afterInsert(event: InsertEvent<ObjectLiteral>): void {
    this.restore(event.entity);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity) this.seal(event.metadata, event.entity);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity) this.restore(event.entity);
  }

  afterLoad(entity: ObjectLiteral, event?: LoadEvent<ObjectLiteral>): void {
    if (!event) return;
    const columns = phiColumnsOf(event.metadata);
    if (columns.length === 0) return;
    const keyring = phiKeyring();
    for (const column of columns) {
      const value = entity[column.propertyName];
      if (!(value instanceof SealedPhi)) continue;
      const row = phiRowKey(event.metadata, entity);
      if (row === undefined)
        throw new Error(`${event.metadata.tablePath}.${column.databaseName} loaded without its primary key`);
      const context = phiColumnContext(event.metadata.tablePath, column.databaseName, row);
      entity[column.propertyName] = deserialize(column.kind, keyring.decrypt(value.stored, context));
    }
  }

  private seal(metadata: EntityMetadata, entity: ObjectLiteral | undefined): void {
    if (!entity) return;
    const columns = phiColumnsOf(metadata);
    const row = columns.length > 0 ? phiRowKey(metadata, entity) : undefined;
    // Without the primary key the values stay plain and UnsealedPhiWrite refuses them at the driver.
    if (row === undefined) return;
    const keyring = phiKeyring();
    const plain = new Map<string, unknown>();
    for (const column of columns) {
      const value = entity[column.propertyName];
      if (value === null || value === undefined || value instanceof SealedPhi) continue;
      plain.set(column.propertyName, value);
      const context = phiColumnContext(metadata.tablePath, column.databaseName, row);
      entity[column.propertyName] = new SealedPhi(keyring.encrypt(serialize(column.kind, value), context));
    }
    if (plain.size > 0) this.plainDuringWrite.set(entity, plain);
  }

  private restore(entity: ObjectLiteral | undefined): void {
    const plain = entity && this.plainDuringWrite.get(entity);
    if (!entity || !plain) return;
    for (const [property, value] of plain) entity[property] = value;
    this.plainDuringWrite.delete(entity);
  }
}
