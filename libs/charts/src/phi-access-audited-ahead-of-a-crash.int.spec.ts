import { AuditRecorded, EventEnvelope, SealedEventEnvelope } from '@revcycle/contracts';
import { openEventEnvelope } from '@revcycle/messaging';
import { createTestDatabase } from '@revcycle/persistence';
import { ServiceUnderTest, eventually } from '@revcycle/runtime';
import {
  DEFAULT_PHI_KEY_ID,
  PhiKeyring,
  eventPayloadContext,
  generateTokenKeyPair,
  issueAccessToken,
  privateTokenKey,
} from '@revcycle/security';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { chartsServiceSpec } from './charts.app';

const root = join(__dirname, '..', '..', '..');
type AuditRow = Pick<EventEnvelope<AuditRecorded>, 'actor' | 'payload'>;

const newPatient = (mrn: string) => ({
  mrn,
  firstName: 'Wren',
  lastName: 'Okafor',
  dateOfBirth: '1968-03-09',
  sex: 'F',
  address: { line1: '9 Birch Ct', city: 'Madison', state: 'WI', postalCode: '53703' },
});

/**
 * The audit entries in charts' outbox (of one request when given), their sealed payloads opened
 * with the given PHI key (a child process's), else this process's keyring.
 */
async function auditRows(sql: Client, requestId?: string, phiKey?: string): Promise<AuditRow[]> {
  const { rows } = await sql.query<{ envelope: SealedEventEnvelope }>(
    `SELECT envelope FROM charts.outbox WHERE topic = 'audit.recorded' ORDER BY seq`,
  );
  const keyring = phiKey
    ? new PhiKeyring([{ id: DEFAULT_PHI_KEY_ID, keyBase64: phiKey }], DEFAULT_PHI_KEY_ID)
    : undefined;
  const open = (e: SealedEventEnvelope): AuditRow =>
    keyring
      ? { actor: e.actor, payload: JSON.parse(keyring.decrypt(e.sealedPayload, eventPayloadContext(e.id))) }
      : openEventEnvelope<AuditRecorded>(e);
  return rows
    .map((r) => open(r.envelope))
    .map((r) => ({ actor: r.actor, payload: r.payload }))
    .filter((r) => requestId === undefined || r.payload.requestId === requestId);
}

/**
 * Write-ahead audit of PHI access: the `attempted` entry commits before the handler runs, so a
 * process killed after the handler's commit and before the outcome entry still leaves the access
 * in the outbox (and so, relayed, in compliance's log).
 */
describe('PHI access is audited ahead of the handler', () => {
  it('a charts process SIGKILLed between the patient commit and the outcome entry leaves the attempted entry', async () => {
    const db = await createTestDatabase();
    const anchors = fs.mkdtempSync(join(os.tmpdir(), 'rc-kill-'));
    const keys = generateTokenKeyPair();
    const audience = `revcycle-kill-${randomBytes(4).toString('hex')}`;
    const phiKey = randomBytes(32).toString('base64');
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'libs/codesets/scripts/ts-register.js'),
        join(__dirname, 'charts-killed-before-the-outcome.test-support.ts'),
      ],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          DATABASE_URL: db.url,
          KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
          AUTH_JWT_PUBLIC_KEY: keys.publicKey,
          AUTH_JWT_AUDIENCE: audience,
          PHI_ENCRYPTION_KEY: phiKey,
          AUDIT_ANCHOR_DIR: anchors,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const sql = new Client({ connectionString: db.url });
    try {
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) ok(m[1]);
        });
        child.on('exit', (code) => fail(new Error(`charts child exited (${code}): ${stderr}`)));
      });
      const token = issueAccessToken(
        { id: 'killed-biller', role: 'biller' },
        privateTokenKey(keys.privateKey),
        {
          audience,
        },
      );
      const answer = await fetch(`${url}/patients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(newPatient(`K-${randomBytes(3).toString('hex')}`)),
      }).then(
        (r) => `answered ${r.status}`,
        () => 'no answer',
      );
      expect(answer).toBe('no answer');
      expect(await exited).toBe('SIGKILL');

      await sql.connect();
      // The change committed (the handler returned) …
      const patients = await sql.query(`SELECT id FROM charts.patient`);
      expect(patients.rows).toHaveLength(1);
      // … and the access is in the outbox, written ahead; its outcome entry never was.
      expect(await auditRows(sql, undefined, phiKey)).toEqual([
        {
          actor: { id: 'killed-biller', role: 'biller' },
          payload: expect.objectContaining({
            service: 'charts',
            resourceType: 'Patient',
            action: 'create',
            operation: 'POST /patients',
            outcome: 'attempted',
            requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          }),
        },
      ]);
    } finally {
      child.kill('SIGKILL');
      await sql.end().catch(() => undefined);
      await db.drop();
      fs.rmSync(anchors, { recursive: true, force: true });
    }
  }, 120_000);

  describe('outcome entries follow with the same request id', () => {
    let charts: ServiceUnderTest;
    let sql: Client;
    beforeAll(async () => {
      charts = await ServiceUnderTest.start(chartsServiceSpec);
      sql = new Client({ connectionString: charts.running.env.databaseUrl });
      await sql.connect();
    }, 120_000);
    afterAll(async () => {
      await sql?.end();
      await charts?.stop();
    });

    const requestOf = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${charts.running.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${charts.token('biller')}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const requestId = r.headers.get('x-request-id');
      if (!requestId) throw new Error('no x-request-id');
      return { status: r.status, body: (await r.json()) as { id: string }, requestId };
    };

    it('attempted then success (naming the patient) for a write and a read; attempted then failure for a 409', async () => {
      const mrn = `O-${randomBytes(3).toString('hex')}`;
      const created = await requestOf('POST', '/patients', newPatient(mrn));
      expect(created.status).toBe(201);
      const outcomes = async (requestId: string) =>
        (await auditRows(sql, requestId)).map((r) => [r.payload.outcome, r.payload.patientId ?? null]);
      expect(await outcomes(created.requestId)).toEqual([
        ['attempted', null],
        ['success', created.body.id],
      ]);

      const read = await requestOf('GET', `/patients/${created.body.id}`);
      expect(read.status).toBe(200);
      // A read names its patient already in the entry written ahead (the id is the route's).
      expect(await outcomes(read.requestId)).toEqual([
        ['attempted', created.body.id],
        ['success', created.body.id],
      ]);

      const duplicate = await requestOf('POST', '/patients', newPatient(mrn));
      expect(duplicate.status).toBe(409);
      expect(await outcomes(duplicate.requestId)).toEqual([
        ['attempted', null],
        ['failure', null],
      ]);
      const rows = await auditRows(sql, duplicate.requestId);
      expect(rows.map((r) => r.actor)).toEqual([
        { id: 'test-biller', role: 'biller' },
        { id: 'test-biller', role: 'biller' },
      ]);
      expect(JSON.stringify(await auditRows(sql))).not.toMatch(/Wren|Okafor|1968-03-09|Birch/);
    });

    it('an attempted entry that cannot be written stops the request before any PHI is read', async () => {
      const created = await requestOf('POST', '/patients', newPatient(`W-${randomBytes(3).toString('hex')}`));
      // The outbox refuses new audit rows (a full disk would do the same): the read must not run.
      await sql.query(`CREATE FUNCTION charts.refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
      await sql.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON charts.outbox
        FOR EACH ROW WHEN (NEW.topic = 'audit.recorded') EXECUTE FUNCTION charts.refuse_audit()`);
      try {
        const read = await requestOf('GET', `/patients/${created.body.id}`);
        expect(read.status).toBe(500);
        expect(JSON.stringify(read.body)).not.toMatch(/Wren|Okafor/);
      } finally {
        await sql.query(`DROP TRIGGER refuse_audit ON charts.outbox; DROP FUNCTION charts.refuse_audit()`);
      }
      await eventually(
        async () =>
          (await requestOf('GET', `/patients/${created.body.id}`)).status === 200 ? true : undefined,
        'reads again',
      );
    });
  });
});
