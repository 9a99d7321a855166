import { INestApplication } from '@nestjs/common';
import { chartsServiceSpec } from '@revcycle/charts';
import { claimsServiceSpec } from '@revcycle/claims';
import { codingServiceSpec } from '@revcycle/coding';
import { complianceServiceSpec } from '@revcycle/compliance';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { remittanceServiceSpec } from '@revcycle/remittance';
import {
  ChartsCall,
  DistributedEnvironment,
  SERVICE_NAMES,
  ServiceAppSpec,
  ServiceName,
  bootstrapService,
} from '@revcycle/runtime';
import { Role } from '@revcycle/security';

export type { ServiceName } from '@revcycle/runtime';

const SPECS: Record<ServiceName, ServiceAppSpec> = {
  charts: chartsServiceSpec,
  coding: codingServiceSpec,
  claims: claimsServiceSpec,
  remittance: remittanceServiceSpec,
  compliance: complianceServiceSpec,
};

/**
 * The five services as separate Nest applications (in the test's process) on one real PostgreSQL
 * and one real Kafka. `npm run bench:pipeline` starts the same five from the same
 * DistributedEnvironment as separate processes.
 */
export class DistributedServices {
  readonly urls = {} as Record<ServiceName, string>;
  private readonly apps: INestApplication[] = [];
  readonly app = {} as Record<ServiceName, INestApplication>;
  private db?: TestDatabase;
  private readonly environment = new DistributedEnvironment();
  readonly audience = this.environment.audience;
  readonly anchorDir = this.environment.anchorDir;

  /**
   * `extraEnv` adds to (or overrides) the environment every service gets; `serviceEnv` the
   * environment of one service.
   */
  async start(
    extraEnv: Record<string, string> = {},
    serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ): Promise<void> {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    this.db = await createTestDatabase();
    const env = this.environment.serviceEnv(this.db.url, brokers, extraEnv);
    for (const name of SERVICE_NAMES) {
      const running = await bootstrapService(SPECS[name], { ...env, ...serviceEnv[name] });
      this.apps.push(running.app);
      this.app[name] = running.app;
      this.urls[name] = running.url;
    }
  }

  /** The services' one database, for tests that check what they stored (superuser URL). */
  get databaseUrl(): string {
    if (!this.db) throw new Error('DistributedServices.start() has not run');
    return this.db.url;
  }

  token(role: Role, user = `e2e-${role}`): string {
    return this.environment.token(role, user);
  }

  /** A token for any principal (a payer's names its payer). */
  tokenFor(principal: { id: string; role: Role; payerId?: string }): string {
    return this.environment.tokenFor(principal);
  }

  call<T = unknown>(
    service: ServiceName,
    method: string,
    path: string,
    role: Role | null,
    body?: unknown,
    raw?: string,
  ): Promise<{ status: number; body: T }> {
    const token = role ? this.token(role) : undefined;
    return this.environment.call<T>(this.urls[service], method, path, role, body, raw, token);
  }

  /** charts' API as a biller, for the synthetic practice generators. */
  readonly chartsAsBiller: ChartsCall = (method, pathname, body) =>
    this.call('charts', method, pathname, 'biller', body);

  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close();
    await this.db?.drop();
    this.environment.dispose();
  }
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
