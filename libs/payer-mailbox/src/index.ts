/** @revcycle/payer-mailbox — 837 claim files out to a payer's SFTP mailbox, 999 / 277CA / 835 back in. Test server: `@revcycle/payer-mailbox/testing`. */
export * from './payer-mailbox-config';
export * from './mailbox-errors';
export * from './delivery-attempt';
export * from './delivery-backoff';
export * from './claim-file-delivery';
export * from './payer-response-pickup';
export * from './sftp-mailbox';
export * from './mailbox-settings-rules';
export { normalizeFingerprint } from './mailbox-connection';
