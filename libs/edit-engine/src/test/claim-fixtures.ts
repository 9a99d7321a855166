import { loadReferenceTables, ReferenceTables } from '@revcycle/codesets';
import { ScrubClaim, ScrubServiceLine } from '../claim';
import { createEngine, EngineOptions, ScrubEngine } from '../engine';
import { PayerRuleSet } from '../payer-rules';

export const AS_OF = '2025-12-01';
export const DOS = '2025-11-03'; // FY2026, inside the packaged ICD-10-CM release

let tables: ReferenceTables | undefined;
/** The real packaged tables (snapshot from the cache; built on first use). */
export function realTables(): ReferenceTables {
  return (tables ??= loadReferenceTables());
}

export function engine(rules?: PayerRuleSet, options: EngineOptions = {}): ScrubEngine {
  return createEngine(realTables(), rules, { asOf: AS_OF, ...options });
}

export function line(procedureCode: string, extra: Partial<ScrubServiceLine> = {}): ScrubServiceLine {
  return { procedureCode, units: 1, chargeCents: 10000, serviceDate: DOS, diagnosisPointers: [1], ...extra };
}

/** A professional claim every edit passes: real codes, valid NPI (1234567893), 9-digit ZIP. */
export function cleanClaim(overrides: Partial<ScrubClaim> = {}): ScrubClaim {
  return {
    claimId: 'PCN-1001',
    claimType: 'professional',
    frequencyCode: '1',
    payerId: '87726',
    subscriberId: 'W123456789',
    patient: { birthDate: '1970-05-15', sex: 'F' },
    billingProvider: {
      npi: '1234567893',
      taxId: '123456789',
      address: { line1: '123 Main St', city: 'Springfield', state: 'IL', postalCode: '627011234' },
    },
    placeOfService: '11',
    diagnoses: ['E119', 'I10'],
    lines: [line('99213', { diagnosisPointers: [1, 2], chargeCents: 15000 })],
    ...overrides,
  };
}

/** Edit ids of a result, for compact assertions. */
export function ids(result: { edits: { id: string }[] }): string[] {
  return result.edits.map((e) => e.id);
}
