import { TestDatabase, createTestDatabase, openServiceDataSource } from '@revcycle/persistence';
import {
  PhiCipher,
  PhiKeyring,
  blindIndex,
  configureBlindIndex,
  configurePhiEncryption,
  eventPayloadContext,
  phiColumnContext,
  phiColumnsOf,
} from '@revcycle/security';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { PendingMigrationsError, SERVICE_DATABASES, rotateKeys } from './rotate-keys';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');
const A = { id: 'a', keyBase64: KEY_A };
const B = { id: 'b', keyBase64: KEY_B };
/** Before the rotation: everything under A. During: the services seal under B and still read A. */
const underA = () => new PhiKeyring([A], 'a');
const rotatingToB = () => new PhiKeyring([A, B], 'b');
const onlyB = () => new PhiKeyring([B], 'b');

const root = resolve(__dirname, '..', '..', '..', '..');

/**
 * `revcycle keys rotate` on a real PostgreSQL with every service schema migrated: rows sealed under
 * key A and first-release v1 rows are re-sealed under B while a service keeps writing; a service's
 * update between the rotation's read and its write wins (skippedConcurrent); afterwards every value
 * opens with B alone; a second run rotates nothing; a value no key opens fails the run with exit 1.
 */
describe('revcycle keys rotate while the services write', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  const ds = (schema: string) => sources.find((s) => (s.options as { schema?: string }).schema === schema)!;
  /** The services' own entities, by name (the feature libraries export their modules, not entities). */
  const repo = (schema: string, entity: string): Repository<ObjectLiteral> =>
    ds(schema).getRepository(entity);
  const patientIds: string[] = [];
  const claimIds: string[] = [];

  /** Every stored PHI value of every service table, by `table.column:row`. */
  async function storedPhi(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const source of sources)
      for (const meta of source.entityMetadatas) {
        const columns = phiColumnsOf(meta);
        if (columns.length === 0) continue;
        const keys = meta.primaryColumns.map((c) => `"${c.databaseName}"::text`).join(` || ',' || `);
        const rows = await source.query(
          `SELECT ${keys} AS row, ${columns.map((c) => `"${c.databaseName}"`).join(', ')} FROM ${meta.tablePath}`,
        );
        for (const r of rows)
          for (const c of columns)
            if (r[c.databaseName] !== null)
              out.set(`${meta.tablePath}.${c.databaseName}:${r.row}`, r[c.databaseName]);
      }
    return out;
  }

  const patient = (i: number) => ({
    id: randomUUID(),
    mrn: `ROT-${i}`,
    firstName: `Rowan${i}`,
    lastName: `Keyes${i}`,
    dateOfBirth: `1980-01-0${i + 1}`,
    sex: 'F' as const,
    address: { line1: `${i} Cipher Ln`, city: 'Madison', state: 'WI', postalCode: '53703' },
    mrnIndex: blindIndex().digest('mrn', `ROT-${i}`),
    firstNameIndex: blindIndex().digest('firstName', `Rowan${i}`),
    lastNameIndex: blindIndex().digest('lastName', `Keyes${i}`),
    dateOfBirthIndex: blindIndex().digest('dateOfBirth', `1980-01-0${i + 1}`),
    mrnLegacyDuplicate: false,
  });

  const claim = (i: number) => ({
    id: randomUUID(),
    patientControlNumber: `RCROT${randomUUID().slice(0, 8)}`,
    encounterId: randomUUID(),
    patientId: randomUUID(),
    payerId: randomUUID(),
    claimType: 'professional' as const,
    frequencyCode: '1',
    status: 'rejected' as const,
    revision: 1,
    scrubbedAt: null,
    dateOfService: '2026-09-14',
    placeOfService: '11',
    totalChargeCents: 12_500,
    diagnoses: ['E119', `I1${i}`],
    parties: { patient: { lastName: `Keyes${i}` }, coverage: { memberId: `M${i}` } },
    fingerprint: null,
  });

  const serviceLine = (claimId: string, lineNumber: number) => ({
    claimId,
    lineNumber,
    procedureCode: lineNumber === 1 ? '99213' : '36415',
    modifiers: lineNumber === 1 ? ['25'] : [],
    units: 1,
    chargeCents: 6_250,
    diagnosisPointers: [lineNumber],
    dateOfService: '2026-09-14',
  });

  const workItem = (i: number) => ({
    id: randomUUID(),
    encounterId: randomUUID(),
    patientId: randomUUID(),
    payerId: randomUUID(),
    dateOfService: '2026-09-14',
    encounter: { patient: { lastName: `Keyes${i}` } },
    problems: [
      { field: 'diagnoses[0].code', code: 'M545', problem: 'icd-header', message: 'M54.5 is a header' },
    ],
    status: 'open' as const,
    completedAt: null,
    completedBy: null,
  });

  beforeAll(async () => {
    configurePhiEncryption(underA());
    configureBlindIndex(KEY_A);
    db = await createTestDatabase();
    for (const database of SERVICE_DATABASES)
      sources.push(await openServiceDataSource({ ...database, url: db.url, poolSize: 3 }));
    // Seven patients (more than two batches of 3), claims with edits, coding work items: under A.
    for (let i = 0; i < 7; i++) {
      const p = await repo('charts', 'Patient').save(patient(i));
      patientIds.push(p['id']);
    }
    for (let i = 0; i < 4; i++) {
      const c = await repo('claims', 'Claim').save(claim(i));
      claimIds.push(c['id']);
    }
    await repo('claims', 'ClaimEditRow').insert(
      [1, 2, 3, 4].map((seq) => ({
        claimId: claimIds[0],
        seq,
        editId: 'ICD_HEADER',
        category: 'icd-header',
        severity: 'reject' as const,
        line: null,
        codes: ['M545'],
        message: 'M54.5 is a category header',
      })),
    );
    // Two lines per claim: eight rows of a two-column key, over three batches of 3.
    await repo('claims', 'ServiceLine').insert(
      claimIds.flatMap((claimId) => [1, 2].map((lineNumber) => serviceLine(claimId, lineNumber))),
    );
    for (let i = 0; i < 2; i++) await repo('coding', 'CodingWorkItem').save(workItem(i));
    // Two patients' last names as the first release wrote them: v1, no key id, no associated data.
    for (const id of patientIds.slice(0, 2)) {
      const { iv, tag, data } = new PhiCipher(KEY_A).seal(`Legacy-${id.slice(0, 4)}`);
      await ds('charts').query(`UPDATE charts.patient SET last_name = $2 WHERE id = $1`, [
        id,
        ['v1', iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(':'),
      ]);
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of sources) await s.destroy();
    await db?.drop();
  });

  it('--dry-run counts what would be rotated and changes nothing', async () => {
    const before = await storedPhi();
    expect([...before.values()].every((v) => v.startsWith('v2:a:') || v.startsWith('v1:'))).toBe(true);
    const summary = await rotateKeys(db.url, rotatingToB(), { dryRun: true, batchSize: 3 });
    expect(summary).toMatchObject({
      rotated: before.size,
      alreadyCurrent: 0,
      skippedConcurrent: 0,
      failed: 0,
    });
    // Two-column primary key, over two batches of 3: four edits, codes and message each.
    expect(summary.byTable['claims.claim_edit'].rotated).toBe(4 * 2);
    // Procedure code, modifiers and pointers of each of the eight lines.
    expect(summary.byTable['claims.service_line'].rotated).toBe(8 * 3);
    expect(summary.byTable['charts.patient']).toEqual({
      rotated: 7 * 5,
      alreadyCurrent: 0,
      skippedConcurrent: 0,
      failed: 0,
    });
    expect(await storedPhi()).toEqual(before);
  });

  it('re-seals A and v1 values under B while a service writes; a concurrent update wins and is counted', async () => {
    const before = await storedPhi();
    configurePhiEncryption(rotatingToB()); // the services, redeployed with B active and A readable
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let i = 100; writing; i++) {
        await repo('coding', 'CodingWorkItem').save(workItem(i));
        written += 1;
      }
    })();
    let raced = false;
    const summary = await rotateKeys(db.url, rotatingToB(), {
      batchSize: 3,
      afterBatchRead: async (table, rows) => {
        if (table !== 'claims.claim' || raced) return;
        raced = true;
        // A biller's correction lands after the rotation read this batch and before it writes.
        await repo('claims', 'Claim').update({ id: rows[0] }, { id: rows[0], diagnoses: ['Z0000'] });
        const seen = written;
        while (written === seen) await new Promise((r) => setImmediate(r)); // the writer is live
      },
    });
    writing = false;
    await writer;
    expect(raced).toBe(true);
    expect(summary.failed).toBe(0);
    expect(summary.skippedConcurrent).toBe(1);
    expect(summary.byTable['claims.claim'].skippedConcurrent).toBe(1);
    expect(summary.rotated).toBe(before.size - 1);

    // A is retired: every value opens with B alone, through the services' own entities.
    configurePhiEncryption(onlyB());
    const after = await storedPhi();
    expect([...after.values()].every((v) => v.startsWith('v2:b:'))).toBe(true);
    for (const source of sources)
      for (const meta of source.entityMetadatas)
        if (phiColumnsOf(meta).length > 0) await source.getRepository(meta.target).find();
    const patients = await repo('charts', 'Patient').findBy({});
    expect(patients.map((p) => p['lastName']).sort()).toEqual(
      [
        ...patientIds.slice(0, 2).map((id) => `Legacy-${id.slice(0, 4)}`),
        'Keyes2',
        'Keyes3',
        'Keyes4',
        'Keyes5',
        'Keyes6',
      ].sort(),
    );
    const claims = await repo('claims', 'Claim').findBy({});
    const rowsInOrder = [...claimIds].sort();
    expect(claims.find((c) => c['id'] === rowsInOrder[0])!['diagnoses']).toEqual(['Z0000']);
    expect(claims.filter((c) => c['id'] !== rowsInOrder[0]).every((c) => c['diagnoses'][0] === 'E119')).toBe(
      true,
    );
    const edits = await repo('claims', 'ClaimEditRow').findBy({ claimId: claimIds[0] });
    expect(edits.map((e) => e['codes'])).toEqual([['M545'], ['M545'], ['M545'], ['M545']]);
    const lines = await repo('claims', 'ServiceLine').find({ order: { claimId: 'ASC', lineNumber: 'ASC' } });
    expect(lines).toEqual([...claimIds].sort().flatMap((id) => [serviceLine(id, 1), serviceLine(id, 2)]));
  });

  it('a second run rotates nothing', async () => {
    const stored = await storedPhi();
    const summary = await rotateKeys(db.url, onlyB(), { batchSize: 3 });
    expect(summary).toMatchObject({
      rotated: 0,
      alreadyCurrent: stored.size,
      skippedConcurrent: 0,
      failed: 0,
    });
    expect(await storedPhi()).toEqual(stored);
  });

  it('the command: a value that opens under no key is failed, named on stderr without its value, and exits 1', async () => {
    // One sealed under a key nobody holds; one under A but copied from another row (its AAD names that row).
    const stranger = new PhiKeyring([{ id: 'c', keyBase64: randomBytes(32).toString('base64') }], 'c');
    const [victim, other] = patientIds.slice(5);
    const foreign = stranger.encrypt('Nobody', phiColumnContext('charts.patient', 'first_name', victim));
    const copied = underA().encrypt('Elsewhere', phiColumnContext('charts.patient', 'first_name', other));
    await ds('charts').query(`UPDATE charts.patient SET first_name = $2, last_name = $3 WHERE id = $1`, [
      victim,
      foreign,
      copied,
    ]);
    // An event not yet relayed, sealed under A: counted on stderr, not re-sealed.
    const eventId = randomUUID();
    await ds('charts').query(
      `INSERT INTO charts.outbox (event_id, topic, message_key, envelope) VALUES ($1, 'test.rotation', 'k', $2)`,
      [
        eventId,
        JSON.stringify({ id: eventId, sealedPayload: underA().encrypt('{}', eventPayloadContext(eventId)) }),
      ],
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'revcycle-rotate-'));
    try {
      const run = await new Promise<{ status: number; stdout: string; stderr: string }>((done) =>
        execFile(
          process.execPath,
          [
            '-r',
            join(root, 'libs/codesets/scripts/ts-register.js'),
            join(root, 'apps/cli/src/main.ts'),
            'keys',
            'rotate',
          ],
          {
            cwd: root,
            env: {
              ...process.env,
              DATABASE_URL: db.url,
              DATA_DIR: dataDir,
              PHI_ENCRYPTION_KEY: '',
              PHI_ENCRYPTION_KEYS: `a:${KEY_A},b:${KEY_B}`,
              PHI_ENCRYPTION_KEY_ID: 'b',
            },
          },
          (err, stdout, stderr) => done({ status: err ? Number(err.code) : 0, stdout, stderr }),
        ),
      );
      // An unexpected exit names its reason (stderr) in the failure, not only the code.
      if (run.status !== 1) throw new Error(`keys rotate exited ${run.status}: ${run.stderr}`);
      const summary = JSON.parse(run.stdout.trim().split('\n').pop()!);
      expect(Object.keys(summary)).toEqual([
        'rotated',
        'alreadyCurrent',
        'skippedConcurrent',
        'failed',
        'byTable',
      ]);
      expect(summary).toMatchObject({ rotated: 0, skippedConcurrent: 0, failed: 2 });
      expect(summary.byTable['charts.patient']).toMatchObject({ failed: 2 });
      expect(run.stderr).toContain(`charts.patient.first_name row ${victim}`);
      expect(run.stderr).toContain(`charts.patient.last_name row ${victim}`);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/Nobody|Elsewhere|v2:/);
      expect(run.stderr).toContain('charts.outbox holds 1 unpublished event(s) sealed under an older key');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Both left as they were.
    const [row] = await ds('charts').query(`SELECT first_name, last_name FROM charts.patient WHERE id = $1`, [
      victim,
    ]);
    expect(row).toEqual({ first_name: foreign, last_name: copied });
  }, 120_000);

  it('refuses a database whose service schemas are not migrated (their columns may still be clear), and writes nothing', async () => {
    const empty = await createTestDatabase();
    try {
      await expect(rotateKeys(empty.url, onlyB())).rejects.toThrow(PendingMigrationsError);
      const admin = new DataSource({ type: 'postgres', url: empty.url });
      await admin.initialize();
      const schemas = await admin.query(
        `SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1)`,
        [SERVICE_DATABASES.map((d) => d.schema)],
      );
      await admin.destroy();
      expect(schemas).toEqual([]);
    } finally {
      await empty.drop();
    }
  });
});
