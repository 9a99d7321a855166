import { EntityManager } from 'typeorm';

/** ISA13 is nine digits, zero-padded (X12.5 ISA13 N0 9/9). */
export const interchangeControlNumber = (n: number): string => String(n).padStart(9, '0');

/** Control numbers from PostgreSQL sequences (migration 370): never reused, across instances. */
export async function nextControlNumber(
  m: EntityManager,
  kind: 'interchange' | 'group' | 'transaction_set',
): Promise<number> {
  const [{ n }] = await m.query(`SELECT nextval('claims.${kind}_control_number_seq') AS n`);
  return Number(n);
}
