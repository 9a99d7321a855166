/**
 * 837P/837I claim (the `@revcycle/x12` model) → the scrubber's ScrubClaim. Type-only import: the
 * engine does not depend on the X12 reader at run time.
 */
import type { Claim, ClaimKind, ClaimParty, QualifiedDate } from '@revcycle/x12';
import { ScrubClaim, ScrubServiceLine } from './claim';

const PRINCIPAL = new Set(['ABK', 'BK']); // HI01-1 principal diagnosis
const OTHER = new Set(['ABF', 'BF']); // HI0x-1 other diagnoses
// 837I external cause (ABN) and admitting (ABJ) / reason for visit (APR) are not billed diagnoses for pointers.

// NUCC taxonomy 332B00000X "Durable Medical Equipment & Medical Supplies" and its specializations.
const DME_SUPPLIER_TAXONOMY = /^332B/;

function npiOf(parties: ClaimParty[] | undefined, entityCode: string): string | undefined {
  const p = parties?.find((x) => x.entityCode === entityCode);
  return p && p.idQualifier === 'XX' ? p.id : p?.id;
}

function serviceDates(dates: QualifiedDate[] | undefined): { from?: string; to?: string } {
  const d = dates?.find((x) => x.qualifier === '472') ?? dates?.[0]; // DTP*472 service date
  if (!d) return {};
  return { from: d.date, to: d.endDate && d.endDate !== d.date ? d.endDate : undefined };
}

export function scrubClaimFromX12(claim: Claim, kind: ClaimKind): ScrubClaim {
  const billing = claim.billingProvider.provider;
  const subscriber = claim.subscriber;
  const person = claim.patient?.person ?? subscriber.person;
  const tin = billing.references?.find((r) => r.qualifier === 'EI' || r.qualifier === 'SY')?.value;
  const principal = claim.healthCodes.filter((h) => PRINCIPAL.has(h.qualifier)).map((h) => h.code);
  const others = claim.healthCodes.filter((h) => OTHER.has(h.qualifier)).map((h) => h.code);
  const statement = claim.dates?.find((d) => d.qualifier === '434'); // 837I DTP*434 statement period
  const claimService = serviceDates(claim.dates);
  const lines: ScrubServiceLine[] = claim.serviceLines.map((l) => {
    const dates = serviceDates(l.dates);
    const from = dates.from ?? claimService.from ?? statement?.date ?? '';
    return {
      procedureCode: l.procedure?.code ?? '',
      ...(l.procedure?.modifiers?.length ? { modifiers: l.procedure.modifiers } : {}),
      units: l.quantity,
      chargeCents: l.chargeCents,
      serviceDate: from,
      ...(dates.to ? { serviceDateTo: dates.to } : {}),
      ...(l.diagnosisPointers ? { diagnosisPointers: l.diagnosisPointers } : {}),
      ...(l.placeOfService ? { placeOfService: l.placeOfService } : {}),
      ...(npiOf(l.providers, '82') ? { renderingProviderNpi: npiOf(l.providers, '82') } : {}),
      ...(l.revenueCode ? { revenueCode: l.revenueCode } : {}),
    };
  });
  return {
    claimId: claim.claimId,
    claimType: kind,
    frequencyCode: claim.frequencyCode,
    payerId: subscriber.payer.id,
    subscriberId: subscriber.person.id,
    patient: { birthDate: person.birthDate, sex: person.gender },
    billingProvider: {
      npi: billing.id,
      taxId: tin,
      address: billing.address
        ? {
            line1: billing.address.line1,
            city: billing.address.city,
            state: billing.address.state,
            postalCode: billing.address.postalCode,
          }
        : undefined,
    },
    renderingProviderNpi: npiOf(claim.providers, '82'),
    referringProviderNpi: npiOf(claim.providers, 'DN'),
    // 2000A PRV*BI: a DME supplier's 837P is checked against the DME supplier MUEs
    ...(kind === 'professional' && DME_SUPPLIER_TAXONOMY.test(billing.specialty?.taxonomy ?? '')
      ? { dmeSupplier: true }
      : {}),
    ...(kind === 'professional'
      ? { placeOfService: claim.facilityCode }
      : { facilityTypeCode: claim.facilityCode }),
    ...(statement?.date
      ? { statementFrom: statement.date, statementTo: statement.endDate ?? statement.date }
      : {}),
    totalChargeCents: claim.totalChargeCents,
    diagnoses: [...principal, ...others],
    lines,
  };
}
