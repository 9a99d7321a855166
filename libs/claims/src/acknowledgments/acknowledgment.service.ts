import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { problem, problemException } from '@revcycle/runtime';
import { X12Issue, detectAcknowledgment, interpret277ca, interpret999 } from '@revcycle/x12';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AcknowledgmentCounts } from './acknowledgment-counts';
import { Acknowledgment, AcknowledgmentKind } from './acknowledgment.entity';
import { apply277ca } from './apply-277ca';
import { apply999 } from './apply-999';

/** Class id of the acknowledgment advisory locks: one file's digest applies once, even raced. */
const ACKNOWLEDGMENT_LOCK = 7302;
const MAX_ERRORS = 50;

export interface AppliedAcknowledgment extends AcknowledgmentCounts {
  type: AcknowledgmentKind;
  /** True when this exact file was applied before (nothing changed this time). */
  duplicate: boolean;
}

export interface Received {
  via: 'api' | 'sftp';
  by: string;
}

/**
 * Takes a payer's 999 or 277CA (the kind is read from the file) and applies it to our claims in
 * one transaction: all of it or, when it is broken, none (422 with located errors). The same file
 * again (same bytes) changes nothing and answers the counts of its first application.
 */
@Injectable()
export class AcknowledgmentService {
  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  async receive(bytes: Buffer, received: Received): Promise<AppliedAcknowledgment> {
    if (bytes.length === 0) throw refused([], 'the acknowledgment is empty: send a 999 or 277CA file');
    const detected = detectAcknowledgment(bytes);
    if (!detected.ok) throw refused(detected.errors, 'not a 999 or 277CA acknowledgment');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const text = bytes.toString('latin1');
    const read = detected.kind === '999' ? interpret999(bytes) : interpret277ca(bytes);
    if (!read.ok) throw refused(read.errors, `the ${detected.kind} does not read`);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [ACKNOWLEDGMENT_LOCK, sha256]);
      const earlier = await m.getRepository(Acknowledgment).findOneBy({ sha256 });
      if (earlier)
        return {
          type: earlier.kind,
          matched: earlier.matched,
          accepted: earlier.accepted,
          rejected: earlier.rejected,
          unmatched: earlier.unmatched,
          duplicate: true,
        };
      const id = randomUUID();
      const who = { by: `acknowledgment:${id}`, source: `acknowledgment:${id}` };
      const counts =
        read.acknowledgment.kind === '999'
          ? await apply999(m, read.acknowledgment, who)
          : await apply277ca(m, read.acknowledgment, who);
      await m.getRepository(Acknowledgment).insert({
        id,
        kind: read.acknowledgment.kind,
        sha256,
        interchangeControlNumber: read.acknowledgment.interchangeControlNumber,
        senderId: senderOf(text),
        receivedVia: received.via,
        receivedBy: received.by,
        receivedAt: new Date(),
        ...counts,
        content: text,
      });
      return { type: read.acknowledgment.kind, ...counts, duplicate: false };
    });
  }
}

/** ISA06 (fixed width: ISA is 106 characters, element separator at offset 3). */
function senderOf(text: string): string {
  const start = text.indexOf('ISA');
  if (start < 0) return '';
  const sep = text[start + 3];
  return (text.slice(start).split(sep)[6] ?? '').trim();
}

function refused(errors: X12Issue[], message: string) {
  return problemException(
    problem(
      422,
      `${message}: nothing was applied`,
      errors.slice(0, MAX_ERRORS).map((e) => ({
        field:
          [
            e.segmentId && `${e.segmentId} (segment ${e.segmentOrdinal ?? '?'})`,
            e.element,
            e.offset !== undefined && `byte ${e.offset}`,
          ]
            .filter(Boolean)
            .join(' / ') || 'file',
        messages: [e.message],
      })),
    ),
  );
}
