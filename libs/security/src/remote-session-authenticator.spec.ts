import { ForbiddenException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteSessionAuthenticator, SessionIntrospection } from './remote-session-authenticator';

/** A stand-in session authority over real HTTP: it answers what the test sets, and records what it was asked. */
describe('a distributed service asks the session authority about a portal cookie', () => {
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const asked: SessionIntrospection[] = [];
  const authority = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      expect(req.url).toBe('/auth/session/introspect');
      asked.push(JSON.parse(text) as SessionIntrospection);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  let url: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => authority.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(authority.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => authority.close(resolve)));

  const request = {
    method: 'POST',
    headers: { host: 'portal.example.org', origin: 'https://portal.example.org', 'x-csrf-token': 'csrf-1' },
  };

  it('passes the method, host, origin and CSRF header, and takes the principal it names', async () => {
    answer = { status: 200, body: { id: 'ann', role: 'biller' } };
    await expect(new RemoteSessionAuthenticator(url).authenticate('secret-1', request)).resolves.toEqual({
      id: 'ann',
      role: 'biller',
    });
    expect(asked.at(-1)).toEqual({
      session: 'secret-1',
      method: 'POST',
      host: 'portal.example.org',
      origin: 'https://portal.example.org',
      csrfToken: 'csrf-1',
    });
  });

  it("answers the authority's 401 and 403 with the same, and its message", async () => {
    answer = { status: 401, body: { statusCode: 401, message: 'no session: signed out' } };
    await expect(new RemoteSessionAuthenticator(url).authenticate('s', request)).rejects.toEqual(
      new UnauthorizedException('no session: signed out'),
    );
    answer = { status: 403, body: { statusCode: 403, message: 'the x-csrf-token header must carry…' } };
    await expect(new RemoteSessionAuthenticator(url).authenticate('s', request)).rejects.toBeInstanceOf(
      ForbiddenException,
    );
  });

  it('never takes a principal it cannot trust: a payer role, a bad body, a 500, nobody there', async () => {
    for (const bad of [
      { status: 200, body: { id: 'p', role: 'payer' } },
      { status: 200, body: { role: 'admin' } },
      { status: 500, body: { message: 'boom' } },
    ]) {
      answer = bad;
      await expect(new RemoteSessionAuthenticator(url).authenticate('s', request)).rejects.toBeInstanceOf(
        ServiceUnavailableException,
      );
    }
    await expect(
      new RemoteSessionAuthenticator('http://127.0.0.1:1', 2000).authenticate('s', request),
    ).rejects.toEqual(
      new ServiceUnavailableException('the session authority (compliance) cannot be reached'),
    );
  });
});
