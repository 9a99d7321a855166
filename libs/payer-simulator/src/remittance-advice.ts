import type {
  BillingProvider,
  ClaimPayment,
  Party,
  ProviderAdjustment,
  RemittanceAdvice,
  RemittanceParty,
} from '@revcycle/x12';

/** PLB03-1 reasons used here: L6 interest (negative: it adds to the payment), FB forward balance. */
export interface ProviderLevelAdjustment {
  reasonCode: 'L6' | 'FB';
  reference: string;
  amountCents: number;
}

export interface RemittanceInput {
  payer: Party;
  payee: BillingProvider;
  claims: ClaimPayment[];
  /** BPR16 EFT effective date, DTM*405 production date. */
  paymentDate: string;
  productionDate: string;
  /** TRN02 EFT trace number; TRN03 and BPR10 are "1" + the payer's tax id. */
  traceNumber: string;
  payerTaxId: string;
  adjustments: ProviderLevelAdjustment[];
}

/** Synthetic bank routing numbers (valid ABA check digit, assigned to no bank) and accounts. */
const PAYER_BANK_ROUTING = '999999992';
const PAYER_BANK_ACCOUNT = '100200300';
const PAYEE_BANK_ROUTING = '999988880';
const payeeAccount = (npi: string) => `7${npi.slice(-8)}`;

/** A synthetic payer address and technical contact (the 835 guide requires PER*BL in 1000A). */
const PAYER_ADDRESS = { line1: 'PO BOX 1000', city: 'HARTFORD', state: 'CT', postalCode: '061011000' };

function payerParty(p: Party): RemittanceParty {
  const party: RemittanceParty = {
    entityType: 'organization',
    name: p.name ?? 'PAYER',
    address: p.address?.line1 && p.address.city ? p.address : PAYER_ADDRESS,
    contacts: [{ function: 'BL', name: 'EDI SUPPORT', numbers: [{ qualifier: 'TE', value: '8005550199' }] }],
  };
  // 1000A REF*2U: the payer identification number, since N103/N104 carry only a CMS plan id.
  if (p.id) party.references = [{ qualifier: '2U', value: p.id }];
  return party;
}

function payeeParty(b: BillingProvider): RemittanceParty {
  const p = b.provider;
  const party: RemittanceParty = {
    entityType: 'organization',
    name: p.name ?? 'PROVIDER',
    idQualifier: 'XX',
    id: p.id,
  };
  if (p.address) party.address = p.address;
  const tin = p.references?.find((r) => r.qualifier === 'EI');
  if (tin) party.references = [{ qualifier: 'TJ', value: tin.value }];
  return party;
}

/** PLB holds at most six adjustments: one segment per six. */
function providerAdjustments(
  npi: string,
  fiscalYearEnd: string,
  list: ProviderLevelAdjustment[],
): ProviderAdjustment[] {
  const out: ProviderAdjustment[] = [];
  for (let i = 0; i < list.length; i += 6)
    out.push({
      providerId: npi,
      fiscalPeriodDate: fiscalYearEnd,
      adjustments: list.slice(i, i + 6).map((a) => ({
        reasonCode: a.reasonCode,
        reference: a.reference,
        amountCents: a.amountCents,
      })),
    });
  return out;
}

/**
 * One 835 transaction: BPR02 = Σ CLP04 − Σ PLB (835 guide 1.10.2.1). When the claims net to less than
 * nothing (a reversal bigger than the new payments), the payer pays 0 and carries the balance forward
 * with PLB FB, to take it from a later payment.
 */
export function buildRemittance(input: RemittanceInput): RemittanceAdvice {
  const claimPaid = input.claims.reduce((s, c) => s + c.paidCents, 0);
  const adjustments = [...input.adjustments];
  let plb = adjustments.reduce((s, a) => s + a.amountCents, 0);
  if (claimPaid - plb < 0) {
    adjustments.push({ reasonCode: 'FB', reference: input.traceNumber, amountCents: claimPaid - plb });
    plb = claimPaid;
  }
  const total = claimPaid - plb;
  const npi = input.payee.provider.id ?? '';
  return {
    payment:
      total > 0
        ? {
            // I: the remittance travels here, the money by ACH (CCP) with TRN02 as its trace number.
            handlingCode: 'I',
            totalPaidCents: total,
            creditDebit: 'C',
            method: 'ACH',
            format: 'CCP',
            senderBank: {
              qualifier: '01',
              id: PAYER_BANK_ROUTING,
              accountQualifier: 'DA',
              account: PAYER_BANK_ACCOUNT,
            },
            originatingCompanyId: `1${input.payerTaxId}`,
            receiverBank: {
              qualifier: '01',
              id: PAYEE_BANK_ROUTING,
              accountQualifier: 'DA',
              account: payeeAccount(npi),
            },
            date: input.paymentDate,
          }
        : { handlingCode: 'H', totalPaidCents: 0, creditDebit: 'C', method: 'NON', date: input.paymentDate },
    trace: { typeCode: '1', traceNumber: input.traceNumber, originatorId: `1${input.payerTaxId}` },
    dates: [{ qualifier: '405', date: input.productionDate }],
    payer: payerParty(input.payer),
    payee: payeeParty(input.payee),
    claims: input.claims,
    providerAdjustments: providerAdjustments(npi, `${input.paymentDate.slice(0, 4)}-12-31`, adjustments),
  };
}
