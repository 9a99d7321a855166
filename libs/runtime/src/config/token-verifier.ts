import {
  AccessTokenVerifier,
  TokenVerificationKey,
  privateTokenKey,
  publicTokenKey,
  sharedTokenSecret,
  verificationKeyOf,
} from '@revcycle/security';
import { Environment } from './environment';
import { LocalSecrets } from './local-secrets';

type TokenKeys = Pick<LocalSecrets, 'authJwtSecret' | 'authJwtPrivateKey' | 'authJwtPublicKey'>;

/**
 * The guard's verifier: the public key when given (else the public half of the platform's private
 * key, else the HS256 secret), with the deployment's issuer, audience and longest lifetime. A
 * distributed service only verifies, so it refuses a private key rather than hold one.
 */
export function tokenVerifier(
  service: string,
  env: Environment,
  keys: TokenKeys,
  mayHoldPrivateKey: boolean,
): AccessTokenVerifier {
  if (keys.authJwtPrivateKey && !mayHoldPrivateKey)
    throw new Error(
      `${service}: AUTH_JWT_PRIVATE_KEY belongs to the token issuer only; give the service AUTH_JWT_PUBLIC_KEY`,
    );
  let key: TokenVerificationKey | undefined;
  if (keys.authJwtPublicKey) key = publicTokenKey(keys.authJwtPublicKey);
  else if (keys.authJwtPrivateKey) key = verificationKeyOf(privateTokenKey(keys.authJwtPrivateKey));
  else if (keys.authJwtSecret) key = sharedTokenSecret(keys.authJwtSecret);
  if (!key) throw new Error(`${service}: AUTH_JWT_PUBLIC_KEY (or AUTH_JWT_SECRET) is required`);
  return new AccessTokenVerifier(key, {
    issuer: env.authJwtIssuer,
    audience: env.authJwtAudience,
    maxLifetimeSeconds: env.authJwtMaxLifetimeSeconds,
  });
}
