import { CHARTS_DATABASE } from '@revcycle/charts';
import { CLAIMS_DATABASE } from '@revcycle/claims';
import { CODING_DATABASE } from '@revcycle/coding';
import { COMPLIANCE_DATABASE } from '@revcycle/compliance';
import { serviceDataSourceOptions } from '@revcycle/persistence';
import { REMITTANCE_DATABASE } from '@revcycle/remittance';
import { ServiceDatabase } from '@revcycle/runtime';
import { PhiKeyring, RotationOptions, RotationSummary, rotatePhiColumns } from '@revcycle/security';
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
  options: Omit<RotationOptions, 'keyring'> = {},
  databases: ServiceDatabase[] = SERVICE_DATABASES,
): Promise<RotationSummary> {
  const sources: DataSource[] = [];
  try {
    for (const database of databases) {
      const ds = new DataSource(serviceDataSourceOptions({ ...database, url, poolSize: 2 }));
      sources.push(await ds.initialize());
      if (await ds.showMigrations())
        throw new PendingMigrationsError(
          `${database.schema} has pending migrations: run \`npm run migrate\` (or start the services) first`,
        );
    }
    return await rotatePhiColumns(sources, { ...options, keyring });
  } finally {
    for (const ds of sources) await ds.destroy();
  }
}
