/** Where and how we reach one payer's (or clearinghouse's) SFTP mailbox. */
export interface PayerMailboxConfig {
  host: string;
  port: number;
  username: string;
  /** Our private key (PEM or OpenSSH format); the payer holds the public half. */
  privateKey: string;
  /**
   * The payer's host key fingerprint, `SHA256:<base64>` as `ssh-keygen -l -E sha256` prints it (the
   * `SHA256:` prefix and base64 padding are optional). When set, any other host key is refused.
   */
  hostKeySha256?: string;
  /** The payer's drop folder for our 837 claim files. */
  inboundDir: string;
  /** Where the payer leaves 999 / 277CA / 835 files for us. */
  outboundDir: string;
  /** TCP connect plus SSH handshake and authentication, per connection. */
  connectTimeoutMs: number;
}
