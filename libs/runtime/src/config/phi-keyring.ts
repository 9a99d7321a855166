import { DEFAULT_PHI_KEY_ID, PhiKeyring } from '@revcycle/security';
import { Environment } from './environment';

/**
 * The process's PHI keyring: PHI_ENCRYPTION_KEYS plus the single key (PHI_ENCRYPTION_KEY, or the
 * embedded default's generated one) as `default`; new values go under PHI_ENCRYPTION_KEY_ID.
 * Undefined when no key is given at all.
 */
export function phiKeyringOf(env: Environment, defaultKey = env.phiEncryptionKey): PhiKeyring | undefined {
  const keys = [...env.phiEncryptionKeys];
  if (defaultKey && !keys.some((k) => k.id === DEFAULT_PHI_KEY_ID))
    keys.push({ id: DEFAULT_PHI_KEY_ID, keyBase64: defaultKey });
  if (keys.length === 0) return undefined;
  return new PhiKeyring(keys, env.phiEncryptionKeyId ?? (defaultKey ? DEFAULT_PHI_KEY_ID : keys[0].id));
}

/**
 * The key the blind index (search over encrypted PHI) is derived from: it must not change when the
 * PHI keys rotate, or every index would need recomputing. The single key (PHI_ENCRYPTION_KEY / the
 * generated one) when there is one, else the first key of PHI_ENCRYPTION_KEYS: keep that key listed.
 */
export function blindIndexKeyOf(env: Environment, defaultKey = env.phiEncryptionKey): string {
  const key = defaultKey ?? env.phiEncryptionKeys[0]?.keyBase64;
  if (!key) throw new Error('no PHI key to derive the blind index from');
  return key;
}
