import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { Role, generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningService, ServiceAppSpec, bootstrapService } from '../bootstrap';

export interface TestResponse<T> {
  status: number;
  body: T;
}

/**
 * One service as its own process would run it, for integration tests: a fresh database on the real
 * PostgreSQL of DATABASE_URL, the real broker of KAFKA_BROKERS (both given by the jest global setup),
 * real HTTP on a free port.
 */
export class ServiceUnderTest {
  private constructor(
    readonly running: RunningService,
    private readonly db: TestDatabase,
    private readonly signingKey: ReturnType<typeof privateTokenKey>,
    private readonly audience: string,
    private readonly anchorDir: string,
  ) {}

  /** `env`: more variables for the service (e.g. PAYER_MAILBOX_POLL_SECONDS), over the test's own. */
  static async start(spec: ServiceAppSpec, env: Record<string, string> = {}): Promise<ServiceUnderTest> {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    const db = await createTestDatabase();
    // The test is the token issuer: the service gets only the public key, as in production.
    const keys = generateTokenKeyPair();
    const audience = `revcycle-test-${randomBytes(4).toString('hex')}`;
    const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-test-anchors-'));
    try {
      const running = await bootstrapService(spec, {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers,
        AUTH_JWT_PUBLIC_KEY: keys.publicKey,
        AUTH_JWT_AUDIENCE: audience,
        PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
        AUDIT_ANCHOR_DIR: anchorDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      });
      return new ServiceUnderTest(running, db, privateTokenKey(keys.privateKey), audience, anchorDir);
    } catch (err) {
      await db.drop();
      fs.rmSync(anchorDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** A token of the role (a payer token names `payerId`, which it needs). */
  token(role: Role, payerId?: string): string {
    const principal = { id: `test-${role}`, role, ...(payerId ? { payerId } : {}) };
    return issueAccessToken(principal, this.signingKey, { audience: this.audience });
  }

  /** A request with a raw body (an X12 file) or none, answered as text: for files in and out. */
  async send(
    method: string,
    path: string,
    as: Role | { role: Role; payerId?: string },
    raw?: { body: string | Buffer; contentType: string },
  ): Promise<{ status: number; text: string; headers: Headers }> {
    const { role, payerId } = typeof as === 'string' ? { role: as, payerId: undefined } : as;
    const headers: Record<string, string> = { authorization: `Bearer ${this.token(role, payerId)}` };
    if (raw) headers['content-type'] = raw.contentType;
    const response = await fetch(`${this.running.url}${path}`, { method, headers, body: raw?.body });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  async call<T = unknown>(
    method: string,
    path: string,
    role: Role,
    body?: unknown,
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token(role)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.running.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async stop(): Promise<void> {
    await this.running.app.close();
    await this.db.drop();
    fs.rmSync(this.anchorDir, { recursive: true, force: true });
  }
}
