import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through to the platform for `revcycle demo` that holds back the 835s the demo would post.
 * The demo is answered as for a remittance already received (200, duplicate), so it goes on with
 * its day; the test posts all but one itself and keeps one — with a denial (CLP02 4) when one has
 * it — for finance to upload in the browser. (A reversal the simulator sends is in the same payer's
 * file as what it reverses, so a held file is whole.)
 */
export interface HoldBackProxy {
  url: string;
  /** The 835s held back, in the order the demo sent them. */
  held(): string[];
  /** The CLP02 statuses of each 835 the demo sent, for a failure message. */
  seen(): string[];
  close(): Promise<void>;
}

export const DENIED_CLP = /(^|~)\s*CLP\*[^*~]*\*4\*/;

export async function holdBack835s(target: string): Promise<HoldBackProxy> {
  const held: string[] = [];
  const seen: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const text = body.toString('utf8');
    if (req.method === 'POST' && req.url === '/remittance/advices')
      seen.push([...text.matchAll(/CLP\*[^*~]*\*(\d+)\*/g)].map((m) => m[1]).join(','));
    if (req.method === 'POST' && req.url === '/remittance/advices') {
      held.push(text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', duplicate: true }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k),
      ),
    ) as Record<string, string>;
    try {
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const out = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
      });
      res.end(out);
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held,
    seen: () => seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
