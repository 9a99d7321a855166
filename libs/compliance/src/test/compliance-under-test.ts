import { INestApplication } from '@nestjs/common';
import { AuditRecordedEvent, createEvent } from '@revcycle/contracts';
import { TestDatabase, createTestDatabase } from '@revcycle/persistence';
import { bootstrapService } from '@revcycle/runtime';
import { Role, issueAccessToken } from '@revcycle/security';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditCheckpoints } from '../audit-log/audit-checkpoints';
import { AuditLogService } from '../audit-log/audit-log.service';
import { complianceServiceSpec } from '../compliance.app';

/** The compliance service on its own test database, over real HTTP, with its checkpoints in a temp dir. */
export class ComplianceUnderTest {
  readonly secret = randomBytes(32).toString('base64url');
  readonly auditKey = randomBytes(32).toString('base64');
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-compliance-'));
  readonly anchorDir = path.join(this.dataDir, 'anchors');
  db!: TestDatabase;
  app?: INestApplication;
  url = '';

  async start(db?: TestDatabase): Promise<void> {
    this.db = db ?? (await createTestDatabase());
    const running = await bootstrapService(
      { ...complianceServiceSpec, embeddedDefaults: true },
      {
        DATABASE_URL: this.db.url,
        DATA_DIR: this.dataDir,
        AUTH_JWT_SECRET: this.secret,
        PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        AUDIT_HMAC_KEY: this.auditKey,
        AUDIT_ANCHOR_DIR: this.anchorDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      },
    );
    this.app = running.app;
    this.url = running.url;
  }

  /** Stops the service (its shutdown writes the last checkpoint); keeps the database. */
  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.db?.drop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private running(): INestApplication {
    if (!this.app) throw new Error('compliance is not running');
    return this.app;
  }

  get log(): AuditLogService {
    return this.running().get(AuditLogService);
  }

  get checkpoints(): AuditCheckpoints {
    return this.running().get(AuditCheckpoints);
  }

  get dataSource(): DataSource {
    return this.running().get<DataSource>(getDataSourceToken('compliance'));
  }

  /**
   * Appends `count` synthetic entries as the audit.recorded consumer does under the batching
   * transport: `perTransaction` at a time, each transaction's entries together (appendAll).
   */
  async append(count: number, perTransaction = 500): Promise<void> {
    for (let done = 0; done < count; done += perTransaction) {
      const events = Array.from({ length: Math.min(perTransaction, count - done) }, (_, i) =>
        syntheticAuditEvent(done + i),
      );
      await this.dataSource.transaction((m) => this.log.appendAll(events, m));
    }
  }

  async call<T>(
    method: string,
    p: string,
    role: Role | null = 'compliance',
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (role)
      headers['authorization'] = `Bearer ${issueAccessToken({ id: `it-${role}`, role }, this.secret)}`;
    const r = await fetch(`${this.url}${p}`, { method, headers });
    return { status: r.status, body: (await r.json()) as T };
  }

  /** A superuser connection to the test database: what a database administrator holds. */
  async asDatabaseAdministrator<T>(work: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: this.db.url });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  }
}

/** An audit.recorded event as a service sends one for a patient read. */
export function syntheticAuditEvent(i: number) {
  return createEvent(AuditRecordedEvent, {
    aggregateId: randomUUID(),
    actor: { id: `user-${i % 7}`, role: 'biller' },
    payload: {
      service: 'charts',
      action: 'read',
      resourceType: 'Patient',
      resourceId: randomUUID(),
      outcome: 'success',
      at: new Date().toISOString(),
      operation: 'GET /patients/:id',
    },
  });
}
