/**
 * What a mailbox setting entered by a user must look like, for the services' request DTOs (claims'
 * delivery settings, remittance's ERA mailbox): one place, so both refuse the same input.
 */
export const MAILBOX_SETTING_RULES = {
  /** A host name or IPv4 address (RFC 1123 characters, at most 253). */
  host: /^[A-Za-z0-9.-]{1,253}$/,
  username: /^[A-Za-z0-9._-]{1,64}$/,
  /** PEM (`BEGIN RSA/EC/PRIVATE KEY`) or OpenSSH (`BEGIN OPENSSH PRIVATE KEY`) text. */
  privateKey: /^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----\s*$/,
  privateKeyMaxLength: 16384,
  /** `SHA256:<base64>` as `ssh-keygen -l -E sha256` prints it (prefix and padding optional). */
  hostKeySha256: /^(SHA256:)?[A-Za-z0-9+/]{43}=?$/,
  /** A POSIX folder on the payer's server: no spaces, quotes or shell characters. */
  remoteDir: /^\/?[A-Za-z0-9._\-/]+$/,
  remoteDirMaxLength: 255,
} as const;
