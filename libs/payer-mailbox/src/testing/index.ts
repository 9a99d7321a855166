/** @revcycle/payer-mailbox/testing — a real OpenSSH server standing in for a payer's SFTP mailbox. */
export * from './openssh-server';
export * from './test-mailbox-config';
