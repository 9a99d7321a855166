import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { storedClaim } from '../submission/claim-file/sample-stored-claims';
import { sealSubmission } from '../submission/submission-snapshot';

const SEED_CHUNK = 5000;

/**
 * Stores `count` ready claims with their lines, sealed as the claims service seals them: every PHI
 * column, and (unless `snapshots` is false: claims stored before snapshots) the submission snapshot
 * the claim builder writes beside them.
 */
export async function seedReadyClaims(
  db: DataSource,
  count: number,
  { snapshots = true }: { snapshots?: boolean } = {},
): Promise<void> {
  const keyring = phiKeyring();
  const seal = (table: string, column: string, row: string, value: unknown) =>
    keyring.encrypt(JSON.stringify(value), phiColumnContext(`claims.${table}`, column, row));
  for (let from = 0; from < count; from += SEED_CHUNK) {
    const claims: unknown[][] = [[], [], [], [], [], [], [], []];
    const lines: unknown[][] = [[], [], [], [], [], [], [], []];
    for (let n = from; n < Math.min(count, from + SEED_CHUNK); n++) {
      const c = storedClaim(n);
      const id = randomUUID();
      [id, c.patientControlNumber, `enc-${n}`, c.parties.patient.id, c.totalChargeCents].forEach((v, k) =>
        claims[k].push(v),
      );
      claims[5].push(seal('claim', 'diagnoses', id, c.diagnoses));
      claims[6].push(seal('claim', 'parties', id, c.parties));
      claims[7].push(snapshots ? sealSubmission({ ...c, id, revision: 1, priorPayer: null }) : null);
      for (const l of c.serviceLines) {
        const row = `${id},${l.lineNumber}`;
        lines[0].push(id);
        lines[1].push(l.lineNumber);
        lines[2].push(
          keyring.encrypt(l.procedureCode, phiColumnContext('claims.service_line', 'procedure_code', row)),
        );
        lines[3].push(seal('service_line', 'modifiers', row, l.modifiers));
        lines[4].push(l.units);
        lines[5].push(l.chargeCents);
        lines[6].push(seal('service_line', 'diagnosis_pointers', row, l.diagnosisPointers));
        lines[7].push(l.dateOfService);
      }
    }
    // Without snapshots, as a claim was stored before them (the column may not exist yet).
    await db.query(
      `INSERT INTO claims.claim (id, patient_control_number, encounter_id, patient_id, payer_id, claim_type,
              frequency_code, status, revision, date_of_service, place_of_service, total_charge_cents,
              diagnoses, parties, ${snapshots ? 'submission, ' : ''}scrubbed_at)
       SELECT id, pcn, enc, pat, 'payer-acme', 'professional', '1', 'ready', 1, '2026-11-20', '11', charge, dx, parties,
              ${snapshots ? 'submission, ' : ''}now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
           AS x(id, pcn, enc, pat, charge, dx, parties, submission)`,
      claims,
    );
    await db.query(
      `INSERT INTO claims.service_line (claim_id, line_number, procedure_code, modifiers, units, charge_cents,
              diagnosis_pointers, date_of_service)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[], $8::date[])`,
      lines,
    );
  }
}
