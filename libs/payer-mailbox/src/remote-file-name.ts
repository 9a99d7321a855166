/**
 * A file name inside one mailbox folder: no path separators, no `..`, not a dotfile (dotfiles and
 * `.part` files are in-flight or hidden and never claim files or responses).
 */
export function assertPlainFileName(name: string): void {
  if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.') || name.includes('\0')) {
    throw new RangeError(`not a plain file name for a payer mailbox folder: ${JSON.stringify(name)}`);
  }
}

/** `.part` is the in-flight suffix both sides use: the name a file has until it is complete. */
export const IN_FLIGHT_SUFFIX = '.part';

export function isInFlightOrHidden(name: string): boolean {
  return name.startsWith('.') || name.endsWith(IN_FLIGHT_SUFFIX);
}

/** Joins a mailbox folder and a plain file name the way the SFTP server reads paths (POSIX). */
export function remotePath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
