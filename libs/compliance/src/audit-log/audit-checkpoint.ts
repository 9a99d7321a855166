import { createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditChainKey } from './audit-chain';

/** One segment's head as a checkpoint names it. */
export interface CheckpointHead {
  segment: number;
  seq: number;
  hash: string;
}

/**
 * The head of every segment at one moment (read in one snapshot), kept outside the database so a
 * deleted tail — or a deleted segment — is noticed.
 */
export interface Checkpoint {
  heads: CheckpointHead[];
  /** The last unkeyed (epoch 0) entry of segment 0; 0 when the chain was keyed from the start. */
  legacyThrough: number;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  mac: string;
}

/** A line as written before segments (migration 530): the head of the one chain, now segment 0. */
interface SingleChainCheckpoint {
  seq: number;
  hash: string;
  legacyThrough: number;
  at: string;
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
  const heads = c.heads.map((h) => [h.segment, h.seq, h.hash]);
  return createHmac('sha256', key.anchorKey)
    .update(JSON.stringify(['segments', heads, c.legacyThrough, c.at]))
    .digest('hex');
}

function singleChainMacOf(key: AuditChainKey, c: SingleChainCheckpoint): string {
  return createHmac('sha256', key.anchorKey)
    .update(JSON.stringify([c.seq, c.hash, c.legacyThrough, c.at]))
    .digest('hex');
}

export function signCheckpoint(key: AuditChainKey, c: Checkpoint): SignedCheckpoint {
  const heads = c.heads.map((h) => ({ segment: h.segment, seq: h.seq, hash: h.hash }));
  const checkpoint = { heads, legacyThrough: c.legacyThrough, at: c.at };
  return { ...checkpoint, mac: macOf(key, checkpoint) };
}

const macMatches = (expectedHex: string, givenHex: unknown) => {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(String(givenHex), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * The checkpoint a stored line says, when its MAC checks: a segmented one as it is, one from before
 * segments as the head of segment 0. Undefined when the line is not authentic.
 */
export function authenticCheckpoint(key: AuditChainKey, line: unknown): SignedCheckpoint | undefined {
  if (typeof line !== 'object' || line === null) return undefined;
  const c = line as Partial<SignedCheckpoint & SingleChainCheckpoint>;
  if (Array.isArray(c.heads)) {
    const valid = c.heads.every(
      (h) => Number.isInteger(h?.segment) && Number.isInteger(h?.seq) && typeof h?.hash === 'string',
    );
    return valid && macMatches(macOf(key, c as Checkpoint), c.mac) ? (c as SignedCheckpoint) : undefined;
  }
  if (typeof c.seq !== 'number' || !macMatches(singleChainMacOf(key, c as SingleChainCheckpoint), c.mac))
    return undefined;
  return {
    heads: [{ segment: 0, seq: c.seq, hash: String(c.hash) }],
    legacyThrough: Number(c.legacyThrough),
    at: String(c.at),
    mac: String(c.mac),
  };
}

export function checkpointIsAuthentic(key: AuditChainKey, c: unknown): boolean {
  return authenticCheckpoint(key, c) !== undefined;
}

/** Entries a checkpoint names in all (segments only grow, so a later checkpoint never names fewer). */
export const checkpointEntries = (c: Checkpoint): number => c.heads.reduce((n, h) => n + h.seq, 0);

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
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        // A last line cut short by a crash mid-write is not a finding; anything else is.
        if (i === lines.length - 1) continue;
        return { problem: `checkpoint ${name} line ${i + 1} is not JSON` };
      }
      const c = authenticCheckpoint(this.key, parsed);
      if (!c) return { problem: `checkpoint ${name} line ${i + 1} has a bad signature` };
      if (!latest || checkpointEntries(c) >= checkpointEntries(latest)) latest = c;
    }
    return { checkpoint: latest };
  }
}
