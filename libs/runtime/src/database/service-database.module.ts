import { DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ServiceDataSourceOptions,
  ServiceSchema,
  openServiceDataSource,
  serviceDataSourceOptions,
} from '@revcycle/persistence';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { DATABASE_URL, ENVIRONMENT } from '../tokens';

/** Every DataSource of the process, for /health and for shutdown order. */
@Injectable()
export class DataSourceRegistry {
  readonly byService = new Map<string, DataSource>();
}

@Global()
@Module({ providers: [DataSourceRegistry], exports: [DataSourceRegistry] })
export class DataSourceRegistryModule {}

/**
 * One service's schema as a named TypeORM connection (`@InjectDataSource('claims')`), migrated at
 * start-up. Several services in one process (the platform) each get their own.
 */
export type ServiceDatabase = Omit<ServiceDataSourceOptions, 'url'>;

export class ServiceDatabaseModule {
  static forService(options: ServiceDatabase): DynamicModule {
    const schema: ServiceSchema = options.schema;
    return TypeOrmModule.forRootAsync({
      name: schema,
      inject: [DATABASE_URL, ENVIRONMENT],
      // `name` must be in the resolved options too: Nest's TypeORM module looks the DataSource up by it at shutdown.
      useFactory: (url: string, env: Environment) => ({
        ...serviceDataSourceOptions({ ...options, url }),
        name: schema,
        migrationUrl: env.migrationDatabaseUrl,
      }),
      dataSourceFactory: async (dataSourceOptions) => {
        const { url, migrationUrl } = dataSourceOptions as { url: string; migrationUrl?: string };
        return openServiceDataSource({ ...options, url, migrationUrl });
      },
    });
  }
}
