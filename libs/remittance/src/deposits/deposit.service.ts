import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { problem, problemException } from '@revcycle/runtime';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BankDeposit, BankFileError, readBankFile } from './bank-file';
import { BankFile } from './deposit.entity';
import { reconcile } from './reconciliation/reconcile';
import { fileSides } from './reconciliation/reconciliation-sources';

/** Class id of the bank-file advisory locks: one file's digest is stored once, even raced. */
const BANK_FILE_LOCK = 7460;
const MAX_ERRORS = 100;

export interface ReceivedBankFile {
  id: string;
  duplicate: boolean;
  format: 'bai2' | 'csv';
  /** Credits the file reports. */
  deposits: number;
  totalCents: number;
  /** Of them, already known from an earlier file (an intraday report, then the previous-day one). */
  alreadyReported: number;
  /** Credits whose remittance (same trace, same amount) is posted; the others wait for theirs. */
  matched: number;
  unmatched: number;
}

/**
 * Takes a bank file (BAI2 or CSV): all its credits are stored in one transaction, or — when any
 * line is bad — none, with every bad line located (422). The same bytes again store nothing and
 * answer the first upload's id; two uploads of the same file racing serialize on its digest.
 */
@Injectable()
export class DepositService {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  async receive(bytes: Buffer, by: string): Promise<ReceivedBankFile> {
    const read = readBankFile(bytes.toString('utf8'));
    if (!read.ok)
      throw refused(
        read.errors,
        read.format
          ? `the ${read.format === 'bai2' ? 'BAI2' : 'CSV'} bank file does not read`
          : 'not a bank file',
      );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const keys = naturalKeys(read.deposits);
    const totalCents = read.deposits.reduce((s, d) => s + d.amountCents, 0);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [BANK_FILE_LOCK, sha256]);
      const earlier = await m.getRepository(BankFile).findOneBy({ sha256 });
      if (earlier) return { ...(await this.counts(m, earlier.id, earlier.format, keys, 0)), duplicate: true };
      const id = randomUUID();
      await m.getRepository(BankFile).insert({
        id,
        sha256,
        format: read.format,
        byteCount: bytes.length,
        depositCount: read.deposits.length,
        totalCents,
        receivedBy: by,
        receivedAt: new Date(),
      });
      let stored = 0;
      if (read.deposits.length) {
        const inserted: unknown = await m.query(
          `INSERT INTO remittance.deposit (id, bank_file_id, line_number, deposit_date, amount_cents, type_code,
             account_number, bank_reference, customer_reference, text, trace_number, originator, natural_key)
           SELECT gen_random_uuid(), $1::uuid, * FROM unnest($2::int[], $3::date[], $4::bigint[], $5::text[], $6::text[],
             $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           ON CONFLICT (natural_key) DO NOTHING RETURNING id`,
          [
            id,
            read.deposits.map((d) => d.line),
            read.deposits.map((d) => d.depositDate),
            read.deposits.map((d) => d.amountCents),
            read.deposits.map((d) => d.typeCode ?? null),
            read.deposits.map((d) => d.accountNumber ?? null),
            read.deposits.map((d) => d.bankReference ?? null),
            read.deposits.map((d) => d.customerReference ?? null),
            read.deposits.map((d) => d.text),
            read.deposits.map((d) => d.traceNumber ?? null),
            read.deposits.map((d) => d.originator ?? null),
            keys,
          ],
        );
        // INSERT … RETURNING answers the rows (UPDATE … RETURNING would answer [rows, count]).
        stored = (inserted as unknown[]).length;
      }
      return {
        ...(await this.counts(m, id, read.format, keys, read.deposits.length - stored)),
        duplicate: false,
      };
    });
  }

  private async counts(
    m: EntityManager,
    id: string,
    format: 'bai2' | 'csv',
    keys: string[],
    alreadyReported: number,
  ): Promise<Omit<ReceivedBankFile, 'duplicate'>> {
    const sides = await fileSides(m, keys);
    const r = reconcile(sides.deposits, sides.remittances);
    const matched = r.matched.reduce((s, p) => s + p.deposits.length, 0);
    return {
      id,
      format,
      deposits: sides.deposits.length,
      totalCents: sides.deposits.reduce((s, d) => s + d.amountCents, 0),
      alreadyReported,
      matched,
      unmatched: sides.deposits.length - matched,
    };
  }
}

/** One credit's identity across files: the same credit reported twice is one deposit. */
function naturalKeys(deposits: BankDeposit[]): string[] {
  const seen = new Map<string, number>();
  return deposits.map((d) => {
    const base = [
      d.accountNumber,
      d.depositDate,
      d.typeCode,
      d.amountCents,
      d.bankReference,
      d.customerReference,
      d.traceNumber,
      d.bankReference ? '' : d.text,
    ]
      .map((v) => v ?? '')
      .join('|');
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    return createHash('sha256').update(`${base}|${nth}`).digest('hex');
  });
}

function refused(errors: BankFileError[], message: string) {
  const more = errors.length > MAX_ERRORS ? ` (the first ${MAX_ERRORS} of ${errors.length} shown)` : '';
  return problemException(
    problem(
      422,
      `${message}: nothing was stored${more}`,
      errors
        .slice(0, MAX_ERRORS)
        .map((e) => ({ field: `line ${e.line}: ${e.field}`, messages: [e.message] })),
    ),
  );
}
