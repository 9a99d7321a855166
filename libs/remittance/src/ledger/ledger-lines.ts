import { ClaimServiceLine } from '@revcycle/contracts';
import { EntityManager } from 'typeorm';
import { LEDGER_LINE_SERVICES } from '../phi/remittance-phi.entities';

/**
 * The claim's billed lines become exactly `lines` (one DELETE, one multi-row INSERT, and their
 * procedures and modifiers sealed once on the ledger claim). Called only when the ledger entry itself
 * took the event (new, or a newer revision), so an older revision never overwrites the lines of a
 * newer one. Events without `serviceLines` (older producers) leave the lines.
 */
export async function replaceLedgerLines(
  m: EntityManager,
  claimId: string,
  lines: ClaimServiceLine[] | undefined,
): Promise<void> {
  if (!lines) return;
  await m.query(`DELETE FROM remittance.claim_ledger_line WHERE claim_id = $1`, [claimId]);
  const services = lines.map((l) => ({
    lineNumber: l.lineNumber,
    procedureCode: l.procedureCode,
    modifiers: l.modifiers,
  }));
  await m.query(`UPDATE remittance.claim_ledger SET line_services = $2 WHERE claim_id = $1`, [
    claimId,
    services.length > 0 ? LEDGER_LINE_SERVICES.seal(m, claimId, services) : null,
  ]);
  if (lines.length === 0) return;
  const values: unknown[] = [];
  const rows = lines.map((l, i) => {
    values.push(
      claimId,
      l.lineNumber,
      l.lineItemControlNumber,
      null, // sealed with the claim's (LEDGER_LINE_SERVICES)
      l.dateOfService,
      l.units,
      l.chargeCents,
    );
    const b = i * 7;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
  });
  await m.query(
    `INSERT INTO remittance.claim_ledger_line
       (claim_id, line_number, line_item_control_number, service, date_of_service, units, charge_cents)
     VALUES ${rows.join(', ')}`,
    values,
  );
}
