/**
 * A payer mailbox operation that did not happen. `permanent` says whether trying again can help:
 * a refused key or a changed host key stays refused; a server that is down may come back.
 * Messages name the mailbox, folders and file names, never the content of a file.
 */
export class PayerMailboxError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The payer's server did not accept our key for the user (SSH publickey authentication failed). */
export class MailboxAuthRefused extends PayerMailboxError {
  constructor(message: string) {
    super(message, true);
  }
}

/** The server presented another host key than the pinned one: we do not talk to it at all. */
export class HostKeyMismatch extends PayerMailboxError {
  constructor(message: string) {
    super(message, true);
  }
}

/** A different file under the same name is already in the payer's inbound folder; not overwritten. */
export class ClaimFileConflict extends PayerMailboxError {
  constructor(message: string) {
    super(message, true);
  }
}
