import { createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditChainKey } from './audit-chain';

/** The chain head at one moment, kept outside the database so a deleted tail is noticed. */
export interface Checkpoint {
  seq: number;
  hash: string;
  /** The last unkeyed (epoch 0) entry; 0 when the chain was keyed from the start. */
  legacyThrough: number;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  mac: string;
}

export interface LatestCheckpoint {
  checkpoint?: SignedCheckpoint;
  /** A checkpoint that does not check (edited or forged): itself a finding. */
  problem?: string;
}

/** An append-only place for checkpoints (files on a WORM volume, an object store with retention, …). */
export interface CheckpointSink {
  append(checkpoint: SignedCheckpoint): Promise<void>;
  latest(): Promise<LatestCheckpoint>;
}

function macOf(key: AuditChainKey, c: Checkpoint): string {
  return createHmac('sha256', key.anchorKey)
    .update(JSON.stringify([c.seq, c.hash, c.legacyThrough, c.at]))
    .digest('hex');
}

export function signCheckpoint(key: AuditChainKey, c: Checkpoint): SignedCheckpoint {
  return { seq: c.seq, hash: c.hash, legacyThrough: c.legacyThrough, at: c.at, mac: macOf(key, c) };
}

export function checkpointIsAuthentic(key: AuditChainKey, c: SignedCheckpoint): boolean {
  const expected = Buffer.from(macOf(key, c), 'hex');
  const given = Buffer.from(String(c.mac), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/;

/**
 * One JSON line per checkpoint, appended (O_APPEND) to `checkpoints-<UTC day>.jsonl` in
 * AUDIT_ANCHOR_DIR; a file per day keeps the newest one small. Only the newest file is read.
 */
export class FileCheckpointSink implements CheckpointSink {
  constructor(
    readonly dir: string,
    private readonly key: AuditChainKey,
  ) {}

  async append(checkpoint: SignedCheckpoint): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `checkpoints-${checkpoint.at.slice(0, 10)}.jsonl`);
    await fs.promises.appendFile(file, `${JSON.stringify(checkpoint)}\n`, { flag: 'a', mode: 0o600 });
  }

  async latest(): Promise<LatestCheckpoint> {
    const names = fs.existsSync(this.dir)
      ? (await fs.promises.readdir(this.dir)).filter((n) => FILE.test(n))
      : [];
    for (const name of names.sort().reverse()) {
      const found = this.latestIn(name, await fs.promises.readFile(path.join(this.dir, name), 'utf8'));
      if (found.checkpoint || found.problem) return found;
    }
    return {};
  }

  private latestIn(name: string, text: string): LatestCheckpoint {
    const lines = text.split('\n');
    let latest: SignedCheckpoint | undefined;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let c: SignedCheckpoint;
      try {
        c = JSON.parse(line) as SignedCheckpoint;
      } catch {
        // A last line cut short by a crash mid-write is not a finding; anything else is.
        if (i === lines.length - 1) continue;
        return { problem: `checkpoint ${name} line ${i + 1} is not JSON` };
      }
      if (!checkpointIsAuthentic(this.key, c))
        return { problem: `checkpoint ${name} line ${i + 1} has a bad signature` };
      if (!latest || c.seq > latest.seq) latest = c;
    }
    return { checkpoint: latest };
  }
}
