import { messagingTablesMigration } from '@revcycle/messaging';
import {
  OWNER_ROLE,
  TestDatabase,
  actAsRole,
  createTestDatabase,
  migrateService,
  openServiceDataSource,
  serviceRole,
} from '@revcycle/persistence';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { COMPLIANCE_DATABASE } from '../compliance.module';

/**
 * The database roles on a real PostgreSQL: compliance's role appends to and reads its audit log and
 * nothing more — PostgreSQL itself refuses it UPDATE, DELETE and TRUNCATE (not only the trigger) —
 * no service role reaches another service's schema, and the tables belong to revcycle_owner.
 */
describe("the audit log under compliance's own database role", () => {
  let db: TestDatabase;
  const clients: Client[] = [];
  const productionLogin = `rc_test_login_${randomUUID().slice(0, 8)}`;

  async function connect(role?: string, url = db.url): Promise<Client> {
    const c = new Client({ connectionString: url, options: role ? actAsRole(role) : undefined });
    await c.connect();
    clients.push(c);
    return c;
  }

  /** 'allowed', or PostgreSQL's refusal as "code: message". */
  const attempt = (c: Client, sql: string) =>
    c.query(sql).then(
      () => 'allowed',
      (err: { code?: string; message: string }) => `${err.code}: ${err.message}`,
    );

  const insertEntry = (c: Client, seq: number) =>
    c.query(
      `INSERT INTO compliance.audit_log (segment, seq, event_id, service, action, resource_type, actor_id,
         actor_role, outcome, occurred_at, chain_epoch, prev_hash, hash)
       VALUES (1, $1, $2, 'charts', 'read', 'Patient', 'u1', 'biller', 'success', now(), 2, $3, $3)`,
      [seq, randomUUID(), '0'.repeat(64)],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateService({ ...COMPLIANCE_DATABASE, url: db.url });
    // A second service's schema beside it (its messaging tables are enough to trespass on).
    await migrateService({
      schema: 'charts',
      entities: [],
      migrations: [messagingTablesMigration('charts')],
      url: db.url,
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.end();
    await db.drop();
    const admin = new Client({ connectionString: process.env['DATABASE_URL'] });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${productionLogin}`);
    await admin.end();
  });

  it('lets revcycle_compliance INSERT and SELECT, and PostgreSQL refuses it UPDATE, DELETE and TRUNCATE', async () => {
    const compliance = await connect(serviceRole('compliance'));
    expect((await compliance.query(`SELECT current_user AS u`)).rows[0].u).toBe('revcycle_compliance');
    await insertEntry(compliance, 1);
    expect((await compliance.query(`SELECT count(*)::int AS n FROM compliance.audit_log`)).rows[0].n).toBe(1);

    // 42501 insufficient_privilege: PostgreSQL's privilege check, before the append-only trigger runs.
    const refused = '42501: permission denied for table audit_log';
    expect(await attempt(compliance, `UPDATE compliance.audit_log SET actor_id = 'nobody'`)).toBe(refused);
    expect(await attempt(compliance, `DELETE FROM compliance.audit_log`)).toBe(refused);
    expect(await attempt(compliance, `TRUNCATE compliance.audit_log`)).toBe(refused);
    expect(await attempt(compliance, `ALTER TABLE compliance.audit_log DISABLE TRIGGER USER`)).toMatch(
      /^42501: must be owner of table audit_log/,
    );
    expect(await attempt(compliance, `DROP TABLE compliance.audit_log`)).toMatch(/^42501: must be owner/);
    expect(await attempt(compliance, `DELETE FROM compliance.migrations`)).toMatch(/^42501/);
    expect(await attempt(compliance, `CREATE TABLE compliance.shadow (x int)`)).toMatch(/^42501/);
    // Its outbox and inbox stay writable: the relay marks rows published, retention deletes them.
    expect(await attempt(compliance, `UPDATE compliance.outbox SET attempts = attempts + 1`)).toBe('allowed');
    expect(await attempt(compliance, `DELETE FROM compliance.inbox`)).toBe('allowed');
  });

  it("keeps every service role out of another service's schema", async () => {
    const compliance = await connect(serviceRole('compliance'));
    const charts = await connect(serviceRole('charts'));
    for (const [c, sql] of [
      [compliance, `SELECT count(*) FROM charts.outbox`],
      [compliance, `DELETE FROM charts.outbox`],
      [charts, `SELECT count(*) FROM compliance.audit_log`],
      [charts, `UPDATE compliance.outbox SET attempts = 0`],
    ] as const)
      expect(await attempt(c, sql)).toMatch(/^42501: permission denied for schema (charts|compliance)$/);
    await expect(insertEntry(charts, 2)).rejects.toMatchObject({ code: '42501' });
    expect(await attempt(charts, `SELECT count(*) FROM charts.outbox`)).toBe('allowed');
  });

  it('makes revcycle_owner, which cannot log in, the owner of both schemas and every table, also after an older release', async () => {
    const login = await connect();
    // What a release before the roles left: tables owned by the login that ran the migrations.
    await login.query(`ALTER TABLE compliance.audit_log OWNER TO CURRENT_USER`);
    await migrateService({ ...COMPLIANCE_DATABASE, url: db.url });
    const owners = await login.query(
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
        WHERE c.relnamespace IN ('compliance'::regnamespace, 'charts'::regnamespace)
        UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname IN ('compliance', 'charts')`,
    );
    expect(owners.rows.map((r: { owner: string }) => r.owner)).toEqual([OWNER_ROLE]);
    const roles = await login.query(
      `SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolbypassrls,
              pg_has_role(rolname, '${OWNER_ROLE}', 'MEMBER') AS acts_as_owner
         FROM pg_roles WHERE rolname IN ($1, $2, $3) ORDER BY rolname`,
      [OWNER_ROLE, serviceRole('charts'), serviceRole('compliance')],
    );
    expect(roles.rows).toEqual(
      ['revcycle_charts', 'revcycle_compliance', 'revcycle_owner'].map((rolname) => ({
        rolname,
        rolcanlogin: false,
        rolsuper: false,
        rolcreaterole: false,
        rolbypassrls: false,
        acts_as_owner: rolname === OWNER_ROLE,
      })),
    );
  });

  it('leaves a production login of compliance (README "Database roles") no way out of its role', async () => {
    const admin = await connect();
    const password = randomUUID();
    await admin.query(
      `CREATE ROLE ${productionLogin} LOGIN PASSWORD '${password}' IN ROLE ${serviceRole('compliance')}`,
    );
    const url = new URL(db.url);
    url.username = productionLogin;
    url.password = password;
    const service = await connect(serviceRole('compliance'), url.toString());
    await insertEntry(service, 3);
    expect(await attempt(service, `SET ROLE ${OWNER_ROLE}`)).toMatch(/^42501: permission denied to set role/);
    await service.query(`RESET ROLE`);
    expect(await attempt(service, `DELETE FROM compliance.audit_log`)).toBe(
      '42501: permission denied for table audit_log',
    );
    expect(await attempt(service, `SELECT count(*) FROM charts.outbox`)).toMatch(/^42501/);

    // The service booted with only this login does not migrate: it opens on a current schema …
    const ds = await openServiceDataSource({ ...COMPLIANCE_DATABASE, url: url.toString() });
    expect(await ds.query(`SELECT current_user AS u, session_user AS s`)).toEqual([
      { u: 'revcycle_compliance', s: productionLogin },
    ]);
    await ds.destroy();
    // … and refuses one with migrations pending, naming them and what to do.
    class NextRelease1799999999999 {
      name = 'NextRelease1799999999999';
      async up(): Promise<void> {
        // only its name matters here
      }
      async down(): Promise<void> {
        // only its name matters here
      }
    }
    const migrations = [...COMPLIANCE_DATABASE.migrations, NextRelease1799999999999];
    await expect(
      openServiceDataSource({ ...COMPLIANCE_DATABASE, migrations, url: url.toString() }),
    ).rejects.toThrow(
      /compliance: 1 migrations pending \(NextRelease1799999999999\).*MIGRATION_DATABASE_URL/,
    );
  });
});
