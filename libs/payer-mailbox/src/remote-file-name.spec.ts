import { normalizeFingerprint } from './mailbox-connection';
import { assertPlainFileName, isInFlightOrHidden, remotePath } from './remote-file-name';

describe('names inside a payer mailbox folder', () => {
  it('a claim file or response name is one plain name, never a path or a dotfile', () => {
    expect(() => assertPlainFileName('CLM_20240301_0001.837')).not.toThrow();
    for (const bad of ['', '.', '..', '../x.837', 'in/x.837', 'x\\y', '.hidden', 'a\0b']) {
      expect(() => assertPlainFileName(bad)).toThrow(RangeError);
    }
  });

  it('.part files and dotfiles are in flight or hidden, not waiting responses', () => {
    expect(isInFlightOrHidden('era.835.part')).toBe(true);
    expect(isInFlightOrHidden('.lock')).toBe(true);
    expect(isInFlightOrHidden('era.835')).toBe(false);
    expect(isInFlightOrHidden('part.999')).toBe(false);
  });

  it('joins folder and name with one slash', () => {
    expect(remotePath('/in', 'a.837')).toBe('/in/a.837');
    expect(remotePath('/in/', 'a.837')).toBe('/in/a.837');
    expect(remotePath('in', 'a.837')).toBe('in/a.837');
  });

  it('a host key fingerprint reads the same with or without SHA256: and padding', () => {
    expect(normalizeFingerprint(' SHA256:abc+/= ')).toBe('abc+/');
    expect(normalizeFingerprint('sha256:abc')).toBe('abc');
    expect(normalizeFingerprint('abc')).toBe('abc');
  });
});
