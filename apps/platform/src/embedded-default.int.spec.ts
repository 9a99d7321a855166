import { withNpiCheckDigit } from '@revcycle/contracts';
import { readLocalTokenKey } from '@revcycle/runtime';
import { issueAccessToken, privateTokenKey } from '@revcycle/security';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { spawnPlatform as startPlatform } from './test/platform-process';

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm start` without DATABASE_URL or KAFKA_BROKERS: embedded PostgreSQL under DATA_DIR, the
 * in-process transport, generated secrets — and all of it still there after a restart.
 */
describe('the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-platform-'));
  // Enough patients that some have a secondary coverage their primary left something to (≈ 15 %).
  const ENCOUNTERS = 24;
  const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '50' };

  beforeAll(
    () => execFileSync(process.execPath, ['tools/ensure-built.js'], { cwd: root, stdio: 'inherit' }),
    300_000,
  );
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function call<T>(url: string, token: string, method: string, p: string, body?: unknown): Promise<T> {
    const r = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }

  it('runs the flow in one process and keeps its data across a restart', async () => {
    const first = await startPlatform(env);
    let encounterId: string;
    try {
      const key = readLocalTokenKey(dataDir);
      expect(key).toContain('BEGIN PRIVATE KEY');
      const token = issueAccessToken({ id: 'it-biller', role: 'admin' }, privateTokenKey(key!));
      const health = (await (await fetch(`${first.url}/health`)).json()) as {
        status: string;
        details: Record<string, unknown>;
      };
      expect(health.status).toBe('ok');
      expect(Object.keys(health.details)).toEqual(
        expect.arrayContaining(['database:charts', 'database:compliance', 'broker']),
      );
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

      const payer = await call<{ id: string }>(first.url, token, 'POST', '/payers', {
        name: 'Local Plan',
        payerId: 'LOCAL1',
      });
      const provider = await call<{ id: string }>(first.url, token, 'POST', '/providers', {
        npi: withNpiCheckDigit('155555555'),
        kind: 'individual',
        name: 'Lee',
        firstName: 'Sam',
      });
      const patient = await call<{ id: string }>(first.url, token, 'POST', '/patients', {
        mrn: 'LOCAL-1',
        firstName: 'Robin',
        lastName: 'Embedded',
        dateOfBirth: '1990-01-01',
        sex: 'U',
        address: { line1: '1 Local Rd', city: 'Albany', state: 'NY', postalCode: '12207' },
      });
      const coverage = await call<{ id: string }>(
        first.url,
        token,
        'POST',
        `/patients/${patient.id}/coverages`,
        { payerId: payer.id, memberId: 'M123', relationship: 'self' },
      );
      const encounter = await call<{ id: string }>(first.url, token, 'POST', '/encounters', {
        patientId: patient.id,
        coverageId: coverage.id,
        billingProviderId: provider.id,
        renderingProviderId: provider.id,
        dateOfService: '2026-09-14',
        placeOfService: '11',
        diagnoses: [{ code: 'J06.9' }],
        procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
      });
      encounterId = encounter.id;
      await call(first.url, token, 'POST', `/encounters/${encounter.id}/finalize`);
      const deadline = Date.now() + 30000;
      let claims: { total: number } = { total: 0 };
      while (claims.total === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        claims = await call<{ total: number }>(
          first.url,
          token,
          'GET',
          `/claims?encounterId=${encounter.id}`,
        );
      }
      expect(claims.total).toBe(1);

      // The demo, as a user runs it against this platform: claims for the valid, queue items for the rest.
      // Asynchronously: a blocked event loop would keep sockets the platform has closed meanwhile.
      const { stdout: demo, stderr: progress } = await promisify(execFile)(
        process.execPath,
        [
          '-r',
          './tools/register-paths.js',
          'dist/apps/cli/src/main.js',
          'demo',
          '--url',
          first.url,
          '--encounters',
          String(ENCOUNTERS),
          '--seed',
          '7',
        ],
        {
          cwd: root,
          env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir },
          encoding: 'utf8',
        },
      );
      const counts = JSON.parse(demo.trim().split('\n').pop()!);
      expect(counts).toMatchObject({
        encounters: ENCOUNTERS,
        finalized: ENCOUNTERS,
        unexpected: 0,
        rejectedRequests: 3,
      });
      expect(counts.claims + counts.queued).toBe(ENCOUNTERS);
      expect(counts.clean + counts.rejected).toBe(counts.claims);
      expect(counts.corrected).toBe(counts.rejected);
      expect(counts.queued).toBeGreaterThan(0);

      // Coordination of benefits: the patients with a secondary coverage were billed to it after the
      // primary's 835, and the secondary's 835 (CLP02 2, processed as secondary) posted to that claim.
      // (What the demo said of coordination of benefits, should none reach a secondary payer.)
      if (counts.secondaryClaims === 0)
        console.warn(progress.split('\n').filter((l) => /COB|secondary/.test(l)));
      expect(counts.secondaryClaims).toBeGreaterThan(0);
      const billed = await call<{
        items: Array<{
          id: string;
          patientControlNumber: string;
          status: string;
          payerResponsibility: string;
          primaryClaimId: string | null;
        }>;
      }>(first.url, token, 'GET', '/claims?limit=500');
      const secondaries = billed.items.filter((c) => c.payerResponsibility === 'S');
      expect(secondaries.length).toBeGreaterThanOrEqual(counts.secondaryClaims);
      const posted = [];
      for (const c of secondaries) {
        expect(billed.items.find((p) => p.id === c.primaryClaimId)?.payerResponsibility).toBe('P');
        const account = await call<{
          chargeCents: number;
          paidCents: number;
          adjustmentCents: number;
          patientResponsibilityCents: number;
          balanceCents: number;
          postings: Array<{
            claimStatusCode: string;
            lines: Array<{ adjustments: Array<{ group: string; reason: string }> }>;
          }>;
        }>(first.url, token, 'GET', `/remittance/claims/${c.patientControlNumber}`);
        if (account.postings.length === 0) continue;
        posted.push(c);
        expect(['paid', 'partially_paid', 'denied']).toContain(c.status);
        expect(account.postings.map((p) => p.claimStatusCode)).toEqual([expect.stringMatching(/^[24]$/)]);
        // OA-23: what the primary paid and wrote off, taken over by the secondary's 835 — whenever the
        // primary paid something (a primary denial leaves nothing to take over).
        const primary = billed.items.find((p) => p.id === c.primaryClaimId)!;
        const primaryAccount = await call<{ paidCents: number }>(
          first.url,
          token,
          'GET',
          `/remittance/claims/${primary.patientControlNumber}`,
        );
        const takesOver = account.postings[0].lines.some((l) =>
          l.adjustments.some((a) => a.group === 'OA' && a.reason === '23'),
        );
        if (primaryAccount.paidCents > 0) expect(takesOver).toBe(true);
        expect(
          account.paidCents +
            account.adjustmentCents +
            account.patientResponsibilityCents +
            account.balanceCents,
        ).toBe(account.chargeCents);
      }
      expect(posted.length).toBeGreaterThan(0);
    } finally {
      await first.stop();
    }
    // Graceful shutdown stopped the embedded PostgreSQL too.
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await startPlatform(env);
    try {
      const token = issueAccessToken(
        { id: 'it-biller', role: 'admin' },
        privateTokenKey(readLocalTokenKey(dataDir)!),
      );
      const claims = await call<{ items: Array<{ parties: { patient: { lastName: string } } }> }>(
        second.url,
        token,
        'GET',
        `/claims?encounterId=${encounterId!}`,
      );
      // PHI decrypts with the key generated on the first start.
      expect(claims.items[0].parties.patient.lastName).toBe('Embedded');

      // Refused requests land in the outbox of the service that owns the endpoint (five in one process).
      const refusedAt = ['/patients', '/claims'];
      for (const p of refusedAt)
        expect((await fetch(`${second.url}${p}?lastName=Embedded`)).status).toBe(401);
      const deadline = Date.now() + 30000;
      let services: string[] = [];
      while (services.length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        const audit = await call<{ items: Array<{ service: string; outcome: string; operation: string }> }>(
          second.url,
          token,
          'GET',
          `/audit?actorId=anonymous&limit=100`,
        );
        services = audit.items
          .filter((a) => a.outcome === 'refused' && refusedAt.some((p) => a.operation === `GET ${p}`))
          .map((a) => a.service)
          .sort();
      }
      expect(services).toEqual(['charts', 'claims']);
    } finally {
      await second.stop();
    }
  }, 360_000);
});
