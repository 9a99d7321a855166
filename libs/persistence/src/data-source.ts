import { PhiColumnSubscriber } from '@revcycle/security';
import { DataSource, DataSourceOptions, EntitySchema, MigrationInterface } from 'typeorm';

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
}

/**
 * TypeORM options for one service schema. Migrations (TypeORM classes) are the only way tables come
 * to be: synchronize is off; the migrations table lives in the service's schema.
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
    logging: ['error'],
    extra: { max: options.poolSize ?? 10, application_name: `revcycle-${options.schema}` },
  };
}

/** Creates the schema (so the migrations table can live there) and runs pending migrations. */
export async function migrateServiceSchema(dataSource: DataSource, schema: ServiceSchema): Promise<string[]> {
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  await migrateServiceSchema(dataSource, options.schema);
  return dataSource;
}
