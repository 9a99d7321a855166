import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { Claim, ClaimParties } from './claim.entity';
import { ServiceLine } from './service-line.entity';

interface ListedClaim {
  id: string;
  status: string;
  serviceLines: Array<{ claimId: string; lineNumber: number }>;
}
interface Listed<T> {
  total: number;
  items: T[];
}

const CLAIMS = 300;
const payerId = randomUUID();
const parties = {
  patient: { id: randomUUID(), lastName: 'Synthetic' },
  coverage: { payer: { id: payerId, name: 'Paging Plan', payerId: 'PG1' } },
} as unknown as ClaimParties;

/**
 * `GET /claims` and `GET /claims/edits` walked page by page over a few hundred claims with one to
 * three service lines each and many equal created_at values: every claim exactly once, totals
 * right on every page, each claim with all its lines (take/skip over the line join got this wrong).
 */
describe('claim lists page each claim exactly once', () => {
  let claims: ServiceUnderTest;
  const lineCount = new Map<string, number>();
  const rejected = new Set<string>();

  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    const db = claims.running.app.get<DataSource>(getDataSourceToken('claims'));
    const rows: Claim[] = [];
    const lines: ServiceLine[] = [];
    for (let i = 0; i < CLAIMS; i++) {
      const id = randomUUID();
      const status = i % 3 === 0 ? 'rejected' : 'ready';
      if (status === 'rejected') rejected.add(id);
      lineCount.set(id, 1 + (i % 3));
      rows.push({
        id,
        patientControlNumber: `PG${String(i).padStart(6, '0')}`,
        encounterId: randomUUID(),
        patientId: parties.patient.id,
        payerId,
        claimType: 'professional',
        frequencyCode: '1',
        status,
        revision: 1,
        scrubbedAt: null,
        dateOfService: '2026-09-14',
        placeOfService: '11',
        totalChargeCents: 1000,
        diagnoses: ['J069'],
        parties,
      } as Claim);
      for (let n = 1; n <= 1 + (i % 3); n++)
        lines.push({
          claimId: id,
          lineNumber: n,
          procedureCode: '99213',
          modifiers: [],
          units: 1,
          chargeCents: 1000,
          diagnosisPointers: [1],
          dateOfService: '2026-09-14',
        } as ServiceLine);
    }
    await db.getRepository(Claim).insert(rows);
    await db.getRepository(ServiceLine).insert(lines);
    // Five instants for 300 claims: the order must break ties by id or pages overlap.
    await db.query(
      `UPDATE claims.claim SET created_at = timestamptz '2026-09-14T08:00:00Z' + make_interval(mins => (right(patient_control_number, 3)::int % 5))`,
    );
  }, 120_000);

  afterAll(() => claims?.stop(), 60_000);

  async function walk<T>(path: string, limit: number, role: 'biller' = 'biller'): Promise<T[]> {
    const seen: T[] = [];
    let expectedTotal: number | undefined;
    for (let offset = 0; ; offset += limit) {
      const page = await claims.call<Listed<T>>(
        'GET',
        `${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`,
        role,
      );
      expect(page.status).toBe(200);
      expectedTotal ??= page.body.total;
      expect(page.body.total).toBe(expectedTotal);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.items);
      if (page.body.items.length < limit) return seen;
    }
  }

  it('GET /claims: every claim once, with all its lines, in 20s', async () => {
    const listed = await walk<ListedClaim>('/claims', 20);
    expect(listed).toHaveLength(CLAIMS);
    expect(new Set(listed.map((c) => c.id)).size).toBe(CLAIMS);
    for (const claim of listed) {
      expect(claim.serviceLines.map((l) => l.lineNumber)).toEqual(
        Array.from({ length: lineCount.get(claim.id)! }, (_, i) => i + 1),
      );
      expect(claim.serviceLines.every((l) => l.claimId === claim.id)).toBe(true);
    }
    const first = await claims.call<Listed<ListedClaim>>('GET', '/claims?limit=20', 'biller');
    expect(first.body.total).toBe(CLAIMS);
  });

  it('GET /claims?status=rejected and GET /claims/edits: the rejected ones once each', async () => {
    const byStatus = await walk<ListedClaim>('/claims?status=rejected', 17);
    expect(new Set(byStatus.map((c) => c.id))).toEqual(rejected);
    expect(byStatus).toHaveLength(rejected.size);
    const queue = await walk<{ claimId: string }>('/claims/edits', 7);
    expect(queue).toHaveLength(rejected.size);
    expect(new Set(queue.map((q) => q.claimId))).toEqual(rejected);
  });
});
