import { randomUUID } from 'node:crypto';
import { ChartsTestService } from '../charts-test-service';

type Patient = { id: string; mrn: string; lastName: string } & Record<string, unknown>;
type Page = { total: number; items: Patient[] };
type Problem = { message: string; errors?: Array<{ field: string }> };

/** Patient search over encrypted PHI through blind indexes, and one patient per MRN. */
describe('patient search and unique MRN', () => {
  const charts = new ChartsTestService();
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const body = (mrn: string, firstName: string, lastName: string, dateOfBirth: string) => ({
    mrn,
    firstName,
    lastName,
    dateOfBirth,
    sex: 'F',
    address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
  });
  let nunez: Patient;
  let nunezSister: Patient;

  beforeAll(async () => {
    await charts.start();
    nunez = (
      await charts.call<Patient>('POST', '/patients', body(`S-${tag}-1`, 'José', 'Núñez', '1980-04-12'))
    ).body;
    nunezSister = (
      await charts.call<Patient>('POST', '/patients', body(`S-${tag}-2`, 'Inés', 'Nunez', '1983-09-30'))
    ).body;
    await charts.call('POST', '/patients', body(`S-${tag}-3`, 'Jose', 'Okafor', '1980-04-12'));
  }, 120_000);
  afterAll(() => charts.stop(), 60_000);

  const search = (query: string) => charts.call<Page>('GET', `/patients?${query}`);

  it('finds by MRN trimmed and case-folded', async () => {
    const r = await search(`mrn=${encodeURIComponent(`  s-${tag.toLowerCase()}-1 `)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      total: 1,
      items: [{ id: nunez.id, mrn: `S-${tag}-1`, firstName: 'José' }],
    });
  });

  it('finds by name case- and accent-folded, and by date of birth, every criterion together', async () => {
    const byName = await search('lastName=NUNEZ');
    expect(byName.body.items.map((p) => p.id).sort()).toEqual([nunez.id, nunezSister.id].sort());
    expect(byName.body.total).toBe(2);
    expect((await search('lastName=nunez&firstName=jose')).body.items.map((p) => p.id)).toEqual([nunez.id]);
    const byDob = await search('dateOfBirth=1980-04-12');
    expect(byDob.body.total).toBe(2);
    expect((await search('dateOfBirth=1980-04-12&lastName=N%C3%BA%C3%B1ez')).body.items).toHaveLength(1);
    expect((await search('lastName=Nunes')).body).toEqual({ total: 0, items: [] });
  });

  it('pages the result {total, items}, newest first', async () => {
    const first = await search('dateOfBirth=1980-04-12&limit=1');
    const second = await search('dateOfBirth=1980-04-12&limit=1&offset=1');
    expect(first.body.total).toBe(2);
    expect(second.body.total).toBe(2);
    expect([first.body.items[0].id, second.body.items[0].id]).not.toContain(undefined);
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id);
  });

  it('sorts by registration either way (equal instants by id) and pages stably; sealed columns do not sort', async () => {
    // Two registered in the same instant (the id orders them), the third a day later.
    await charts.query(
      `UPDATE charts.patient SET created_at = CASE WHEN id IN ($1, $2) THEN timestamptz '2026-01-01T08:00:00Z'
         ELSE timestamptz '2026-01-02T08:00:00Z' END`,
      [nunez.id, nunezSister.id],
    );
    const ids = async (query: string) => (await search(query)).body.items.map((p) => p.id);
    const rows = (await search('limit=500')).body.items;
    const oldestFirst = [...rows]
      .sort((a, b) =>
        String(a['createdAt']) === String(b['createdAt'])
          ? a.id < b.id
            ? -1
            : 1
          : String(a['createdAt']) < String(b['createdAt'])
            ? -1
            : 1,
      )
      .map((p) => p.id);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(await ids('sort=created-at&limit=500')).toEqual(oldestFirst);
    expect(await ids('sort=-created-at&limit=500')).toEqual([...oldestFirst].reverse());
    expect(rows.map((p) => p.id)).toEqual([...oldestFirst].reverse());
    const paged: string[] = [];
    for (let offset = 0; offset < rows.length; offset++)
      paged.push(...(await ids(`sort=created-at&limit=1&offset=${offset}`)));
    expect(paged).toEqual(oldestFirst);
    for (const sealed of ['mrn', 'last-name', 'lastName', 'date-of-birth', 'first-name']) {
      const r = await charts.call<Problem & { errors: Array<{ field: string; messages: string[] }> }>(
        'GET',
        `/patients?sort=${sealed}`,
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'sort', messages: ['sort must be one of created-at, -created-at'] },
      ]);
    }
  });

  it('never returns or filters on plain PHI: the indexes stay inside, the columns hold ciphertext', async () => {
    const r = await charts.call<Patient>('GET', `/patients/${nunez.id}`);
    expect(Object.keys(r.body).sort()).toEqual(
      ['id', 'mrn', 'firstName', 'lastName', 'dateOfBirth', 'sex', 'address', 'createdAt'].sort(),
    );
    const [row] = await charts.query(
      `SELECT mrn, last_name, mrn_index, last_name_index FROM charts.patient WHERE id = $1`,
      [nunez.id],
    );
    const stored = JSON.stringify(row);
    for (const plain of ['Núñez', 'Nunez', nunez.mrn])
      expect(stored.toLowerCase()).not.toContain(plain.toLowerCase());
    expect(row['mrn_index']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses bad criteria with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['dateOfBirth=1980-02-30', 'dateOfBirth'],
      ['dateOfBirth=12/04/1980', 'dateOfBirth'],
      ['lastName=%20%20', 'lastName'],
      [`mrn=${'M'.repeat(51)}`, 'mrn'],
      ['mrn=A&mrn=B', 'mrn'],
    ]) {
      const r = await charts.call<Problem>('GET', `/patients?${query}`);
      expect({ query, status: r.status, field: r.body.errors?.[0]?.field }).toEqual({
        query,
        status: 400,
        field,
      });
    }
  });

  it('a second patient with the same MRN is a 409, however it is spelled, and by PATCH too', async () => {
    const dup = await charts.call<Problem>(
      'POST',
      '/patients',
      body(` s-${tag.toLowerCase()}-1`, 'A', 'B', '1990-01-01'),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain(nunez.id);
    const patched = await charts.call<Problem>('PATCH', `/patients/${nunezSister.id}`, { mrn: `S-${tag}-1` });
    expect(patched.status).toBe(409);
    expect((await charts.call<Patient>('GET', `/patients/${nunezSister.id}`)).body.mrn).toBe(`S-${tag}-2`);
  });

  it('concurrent creates of one MRN: exactly one 201, every other a 409', async () => {
    const mrn = `RACE-${tag}`;
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        charts.call(
          'POST',
          '/patients',
          body(i % 2 ? mrn.toLowerCase() : mrn, 'Race', `Runner${i}`, '1999-09-09'),
        ),
      ).map(async (r) => (await r).status),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect((await search(`mrn=${mrn}`)).body.total).toBe(1);
  });

  it('a patient whose MRN is fixed is found by the new MRN only', async () => {
    const p = (
      await charts.call<Patient>('POST', '/patients', body(`OLD-${tag}`, 'Kim', 'Lee', '2001-01-01'))
    ).body;
    expect(
      (await charts.call('PATCH', `/patients/${p.id}`, { mrn: `NEW-${tag}`, lastName: 'Li' })).status,
    ).toBe(200);
    expect((await search(`mrn=OLD-${tag}`)).body.total).toBe(0);
    expect((await search(`mrn=new-${tag}&lastName=li`)).body.items.map((x) => x.id)).toEqual([p.id]);
    expect((await search(`lastName=Lee&dateOfBirth=2001-01-01`)).body.total).toBe(0);
  });

  it('when the holder of an MRN shared from before the rule leaves it, the next one holds it', async () => {
    const holder = (
      await charts.call<Patient>('POST', '/patients', body(`HOLD-${tag}`, 'Al', 'One', '1960-01-01'))
    ).body;
    const legacy = (
      await charts.call<Patient>('POST', '/patients', body(`LEG-${tag}`, 'Bo', 'Two', '1961-01-01'))
    ).body;
    // As the backfill leaves a patient that shared the holder's MRN before MRNs were unique.
    await charts.query(
      `UPDATE charts.patient SET mrn_legacy_duplicate = true,
         mrn_index = (SELECT mrn_index FROM charts.patient WHERE id = $1) WHERE id = $2`,
      [holder.id, legacy.id],
    );
    expect((await charts.call('PATCH', `/patients/${holder.id}`, { mrn: `MOVED-${tag}` })).status).toBe(200);
    const [row] = await charts.query(`SELECT mrn_legacy_duplicate FROM charts.patient WHERE id = $1`, [
      legacy.id,
    ]);
    expect(row['mrn_legacy_duplicate']).toBe(false);
    const again = await charts.call<Problem>(
      'POST',
      '/patients',
      body(`hold-${tag}`, 'Cy', 'Three', '1962-01-01'),
    );
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(legacy.id);
  });
});
