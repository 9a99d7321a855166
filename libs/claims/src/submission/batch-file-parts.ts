import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { createHash } from 'node:crypto';
import { PhiColumn } from '@revcycle/security';
import { Entity, EntityManager, PrimaryColumn } from 'typeorm';

/** An 837 part is sealed and stored once this much text is waiting (the file is never held whole). */
const PART_CHARS = 1 << 20;

/**
 * A part of a batch's 837, sealed (PHI). Written and read by the functions below, not through the
 * entity; the entity makes the column known to `revcycle keys rotate`.
 */
@Entity({ name: 'claim_batch_file_part' })
export class ClaimFilePart {
  @PrimaryColumn({ name: 'batch_id', type: 'uuid' }) batchId!: string;
  @PrimaryColumn({ type: 'int' }) seq!: number;
  @PhiColumn() content!: string;
}

const partContext = (batchId: string, seq: number) =>
  phiColumnContext('claims.claim_batch_file_part', 'content', `${batchId},${seq}`);

/**
 * Where a batch's 837 goes while it is written: text in, sealed parts of about 1 MB out
 * (claim_batch_file_part, PHI), with the file's size and SHA-256 kept as it streams past.
 */
export class BatchFileParts {
  private pending: string[] = [];
  private pendingChars = 0;
  private seq = 0;
  private bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly m: EntityManager,
    private readonly batchId: string,
  ) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= PART_CHARS) await this.flush();
  }

  /** Stores what is left; returns the file's size in bytes and its SHA-256 (hex). */
  async close(): Promise<{ bytes: number; sha256: string }> {
    await this.flush();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  private async flush(): Promise<void> {
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.seq += 1;
    this.hash.update(text);
    this.bytes += Buffer.byteLength(text);
    await this.m.query(
      `INSERT INTO claims.claim_batch_file_part (batch_id, seq, content) VALUES ($1, $2, $3)`,
      [this.batchId, this.seq, phiKeyring().encrypt(text, partContext(this.batchId, this.seq))],
    );
  }
}

/** The stored file, part by part, opened (for the 837 download and SFTP delivery). */
export async function* readBatchFile(m: EntityManager, batchId: string): AsyncGenerator<string> {
  const keyring = phiKeyring();
  for (let seq = 1; ; seq++) {
    const [row]: Array<{ content: string }> = await m.query(
      `SELECT content FROM claims.claim_batch_file_part WHERE batch_id = $1 AND seq = $2`,
      [batchId, seq],
    );
    if (!row) return;
    yield keyring.decrypt(row.content, partContext(batchId, seq));
  }
}
