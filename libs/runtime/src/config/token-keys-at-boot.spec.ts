import { generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError, readEnvironment } from './environment';
import { localSecrets, readLocalTokenKey } from './local-secrets';
import { tokenVerifier } from './token-verifier';

const defaults = { port: 3003, kafkaClientId: 'revcycle-claims' };
const pair = generateTokenKeyPair();
const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    readEnvironment(env, defaults);
    return [];
  } catch (err) {
    return (err as EnvironmentError).problems;
  }
};

describe('bearer-token keys and policy read at boot', () => {
  it('defaults iss/aud to revcycle and the longest lifetime to 8 h; reads them when set', () => {
    expect(readEnvironment({}, defaults)).toMatchObject({
      authJwtIssuer: 'revcycle',
      authJwtAudience: 'revcycle',
      authJwtMaxLifetimeSeconds: 28800,
    });
    expect(
      readEnvironment(
        { AUTH_JWT_ISSUER: 'idp', AUTH_JWT_AUDIENCE: 'clinic-a', AUTH_JWT_MAX_LIFETIME_SECONDS: '900' },
        defaults,
      ),
    ).toMatchObject({ authJwtIssuer: 'idp', authJwtAudience: 'clinic-a', authJwtMaxLifetimeSeconds: 900 });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['an unreadable public key', { AUTH_JWT_PUBLIC_KEY: 'CHANGE-ME' }, 'AUTH_JWT_PUBLIC_KEY: not a readable'],
    [
      'a private key as the public key',
      { AUTH_JWT_PUBLIC_KEY: pair.privateKey },
      'AUTH_JWT_PUBLIC_KEY: a private key',
    ],
    ['an unreadable private key', { AUTH_JWT_PRIVATE_KEY: 'abc' }, 'AUTH_JWT_PRIVATE_KEY: not a readable'],
    [
      'a public key of another pair',
      { AUTH_JWT_PRIVATE_KEY: pair.privateKey, AUTH_JWT_PUBLIC_KEY: generateTokenKeyPair().publicKey },
      'AUTH_JWT_PUBLIC_KEY is not the public half',
    ],
    [
      'both schemes at once',
      { AUTH_JWT_SECRET: 'x'.repeat(40), AUTH_JWT_PUBLIC_KEY: pair.publicKey },
      'exclude each other',
    ],
    ['a lifetime out of range', { AUTH_JWT_MAX_LIFETIME_SECONDS: '0' }, 'AUTH_JWT_MAX_LIFETIME_SECONDS'],
  ])('refuses %s', (_case, env, problem) => {
    expect(problemsOf(env).join('\n')).toContain(problem);
  });

  it('accepts a matching pair', () => {
    expect(
      problemsOf({ AUTH_JWT_PRIVATE_KEY: pair.privateKey, AUTH_JWT_PUBLIC_KEY: pair.publicKey }),
    ).toEqual([]);
  });

  it('a distributed service verifies with the public key alone and refuses to hold the private key', () => {
    const env = readEnvironment(
      { AUTH_JWT_PUBLIC_KEY: pair.publicKey, AUTH_JWT_AUDIENCE: 'clinic-a' },
      defaults,
    );
    const verifier = tokenVerifier('claims', env, env, false);
    const token = issueAccessToken({ id: 'u', role: 'finance' }, privateTokenKey(pair.privateKey), {
      audience: 'clinic-a',
    });
    expect(verifier.verify(token)).toEqual({ id: 'u', role: 'finance' });
    expect(verifier.key.key.type).toBe('public');

    const withPrivate = readEnvironment({ AUTH_JWT_PRIVATE_KEY: pair.privateKey }, defaults);
    expect(() => tokenVerifier('claims', withPrivate, withPrivate, false)).toThrow(
      'claims: AUTH_JWT_PRIVATE_KEY belongs to the token issuer only',
    );
    const none = readEnvironment({}, defaults);
    expect(() => tokenVerifier('claims', none, none, false)).toThrow(
      'AUTH_JWT_PUBLIC_KEY (or AUTH_JWT_SECRET) is required',
    );
  });

  it('the embedded default generates an Ed25519 pair once, keeps it, and verifies with its public half', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-token-keys-'));
    const env = readEnvironment({ DATA_DIR: dataDir }, defaults);
    const first = localSecrets(env);
    expect(localSecrets(env)).toEqual(first);
    expect(first.authJwtPrivateKey).toContain('BEGIN PRIVATE KEY');
    expect(first.authJwtSecret).toBeUndefined();
    expect(readLocalTokenKey(dataDir)).toBe(first.authJwtPrivateKey);
    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const verifier = tokenVerifier('platform', env, first, true);
    expect(verifier.key).toMatchObject({ alg: 'EdDSA' });
    expect(verifier.key.key.type).toBe('public');
    const token = issueAccessToken({ id: 'u', role: 'admin' }, privateTokenKey(readLocalTokenKey(dataDir)!));
    expect(verifier.verify(token)).toEqual({ id: 'u', role: 'admin' });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('never writes token keys the environment gives', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-token-keys-'));
    const env = readEnvironment({ DATA_DIR: dataDir, AUTH_JWT_PRIVATE_KEY: pair.privateKey }, defaults);
    expect(localSecrets(env).authJwtPrivateKey).toBe(pair.privateKey.trim());
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8'))).not.toHaveProperty(
      'authJwtPrivateKey',
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
