import { Command } from 'commander';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerBatch } from './batch.command';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** `revcycle batch` against a real HTTP server standing in for the claims API. */
describe('revcycle batch speaks the claims API', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  let answer: (req: Seen) => { status: number; body: string; type?: string };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const r = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
        seen.push(r);
        const a = answer(r);
        res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env['REVCYCLE_TOKEN'] = 'test-token';
  });
  afterAll(async () => {
    delete process.env['REVCYCLE_TOKEN'];
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
    process.exitCode = undefined;
  });
  afterEach(() => (process.exitCode = undefined));

  async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
    try {
      const program = new Command().exitOverride();
      registerBatch(program);
      await program.parseAsync(['node', 'revcycle', 'batch', ...args]);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    return { out, err, code: Number(process.exitCode ?? 0) };
  }

  it('create posts the filter with the token and prints the batches', async () => {
    const made = [{ id: 'b1', payerId: 'p1', claimType: 'professional', claimCount: 3 }];
    answer = () => ({ status: 201, body: JSON.stringify(made) });
    const r = await cli('--url', base, 'create', '--payer', 'p1', '--claim-type', 'professional');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(made);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/claims/batches',
        authorization: 'Bearer test-token',
        body: JSON.stringify({ payerId: 'p1', claimType: 'professional' }),
      },
    ]);
  });

  it('create refuses an unknown claim type without calling the API', async () => {
    const r = await cli('--url', base, 'create', '--claim-type', 'dental');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--claim-type must be professional or institutional');
    expect(seen).toEqual([]);
  });

  it('a 422 is shown as the server said it, exit 1, nothing on stdout', async () => {
    answer = () => ({ status: 422, body: '{"title":"the professional 837 does not validate","errors":[]}' });
    const r = await cli('--url', base, 'create');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('POST /claims/batches answered 422');
    expect(r.err).toContain('does not validate');
  });

  it('list pages through the batches with the filters', async () => {
    answer = (req) => ({
      status: 200,
      body: JSON.stringify(
        req.url.includes('offset=0') ? { total: 1, items: [{ id: 'b1' }] } : { total: 1, items: [] },
      ),
    });
    const r = await cli('--url', base, 'list', '--status', 'submitted');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ total: 1, items: [{ id: 'b1' }] });
    expect(seen[0].url).toBe('/claims/batches?status=submitted&limit=500&offset=0');
  });

  it('download writes the 837 to --out; a missing batch is a 404 and exit 1', async () => {
    answer = (req) =>
      req.url.startsWith('/claims/batches/b1/')
        ? { status: 200, body: 'ISA*00*~IEA*1*000000001~', type: 'application/edi-x12' }
        : { status: 404, body: '{"title":"claim batch b2 not found"}' };
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rc-batch-')), 'b1.837');
    expect((await cli('--url', base, 'download', 'b1', '--out', out)).code).toBe(0);
    expect(fs.readFileSync(out, 'latin1')).toBe('ISA*00*~IEA*1*000000001~');
    const missing = await cli('--url', base, 'download', 'b2');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('404');
  });

  it('a platform that is not there is said so, exit 1', async () => {
    const r = await cli('--url', 'http://127.0.0.1:1', 'list');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot reach the platform');
  });
});
