import { ScrubServiceLine } from '../claim';
import { blank, edit, isDigits, str } from './text';
import { ScrubContext } from './scrub-context';

const PROFESSIONAL_LINE_LIMIT = 50; // 837P IG loop 2400 repeat
const INSTITUTIONAL_LINE_LIMIT = 999; // 837I IG loop 2400 repeat
const PROFESSIONAL_DIAGNOSIS_LIMIT = 12; // 837P HI: 12 diagnosis codes
const INSTITUTIONAL_DIAGNOSIS_LIMIT = 25; // 837I HI: principal + 24 other diagnoses
const PROFESSIONAL_FREQUENCY = new Set(['1', '6', '7', '8']); // 837P CLM05-3 (6 = corrected, accepted by some payers)

function isStateCode(s: string): boolean {
  if (s.length !== 2) return false;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

/** 837 IG required elements of the claim header: CLM01, CLM05-3, subscriber and payer ids. */
export function requiredClaimData(ctx: ScrubContext, claimId: string): void {
  const { claim, edits, institutional } = ctx;
  if (!claimId)
    edits.push(
      edit(
        'REQUIRED_CLAIM_ID',
        null,
        [],
        'Patient control number (CLM01) is missing: give every claim its own id.',
      ),
    );
  const freq = claim.frequencyCode === undefined ? '1' : str(claim.frequencyCode);
  if (institutional ? !ctx.settings.institutionalFrequency.has(freq) : !PROFESSIONAL_FREQUENCY.has(freq)) {
    edits.push(
      edit(
        'REQUIRED_FREQUENCY_CODE',
        null,
        [freq],
        `Claim frequency code '${freq}' is not valid for ${institutional ? 'an 837I (NUBC type-of-bill 3rd digit)' : 'an 837P (use 1 original, 7 replacement, 8 void)'}.`,
      ),
    );
  }
  if (blank(str(claim.subscriberId)))
    edits.push(
      edit(
        'REQUIRED_SUBSCRIBER_ID',
        null,
        [],
        "Subscriber/member id is missing: copy it from the patient's insurance card.",
      ),
    );
  if (blank(str(claim.payerId)))
    edits.push(
      edit(
        'REQUIRED_PAYER_ID',
        null,
        [],
        'Payer id is missing: select the payer (clearinghouse payer id) for this coverage.',
      ),
    );
}

/** Billing provider TIN (2010AA REF*EI/SY) and address (N3/N4 with the 9-digit ZIP). */
export function requiredBillingTinAndAddress(ctx: ScrubContext): void {
  const { billing, edits } = ctx;
  const tin = str(billing.taxId).replace('-', '');
  if (!isDigits(tin, 9))
    edits.push(
      edit(
        'REQUIRED_BILLING_TIN',
        null,
        tin ? [str(billing.taxId)] : [],
        'Billing provider TIN (EIN or SSN) must be 9 digits.',
      ),
    );
  const addr = billing.address && typeof billing.address === 'object' ? billing.address : {};
  const zip = str(addr.postalCode).replace('-', '');
  if (blank(str(addr.line1)) || blank(str(addr.city)) || !isStateCode(str(addr.state)) || !isDigits(zip, 9)) {
    const missing = [
      blank(str(addr.line1)) && 'street',
      blank(str(addr.city)) && 'city',
      !isStateCode(str(addr.state)) && 'state',
      !isDigits(zip, 9) && '9-digit ZIP (837P/837I 2010AA N403)',
    ].filter(Boolean);
    edits.push(
      edit(
        'REQUIRED_BILLING_ADDRESS',
        null,
        [],
        `Billing provider address incomplete: ${missing.join(', ')}.`,
      ),
    );
  }
}

/** Patient sex, service line and diagnosis counts (837P/837I limits), claim place of service. */
export function requiredPatientLinesAndDiagnoses(ctx: ScrubContext): void {
  const { edits, institutional, n, dxCount, lines } = ctx;
  const sex = ctx.sex;
  if (sex !== 'M' && sex !== 'F' && sex !== 'U')
    edits.push(edit('REQUIRED_PATIENT_SEX', null, sex ? [sex] : [], 'Patient sex must be M, F or U.'));
  if (n === 0)
    edits.push(
      edit('REQUIRED_SERVICE_LINES', null, [], 'The claim has no service lines: add the services rendered.'),
    );
  const lineLimit = institutional ? INSTITUTIONAL_LINE_LIMIT : PROFESSIONAL_LINE_LIMIT;
  if (n > lineLimit)
    edits.push(
      edit(
        'REQUIRED_LINE_LIMIT',
        null,
        [String(n)],
        `${n} service lines: an ${institutional ? '837I' : '837P'} claim holds at most ${lineLimit}; split it into several claims.`,
      ),
    );
  if (dxCount === 0)
    edits.push(
      edit(
        'REQUIRED_DIAGNOSIS',
        null,
        [],
        'The claim has no diagnosis: add the ICD-10-CM codes that support the services.',
      ),
    );
  const dxLimit = institutional ? INSTITUTIONAL_DIAGNOSIS_LIMIT : PROFESSIONAL_DIAGNOSIS_LIMIT;
  if (dxCount > dxLimit)
    edits.push(
      edit(
        'REQUIRED_DIAGNOSIS_LIMIT',
        null,
        [String(dxCount)],
        `${dxCount} diagnoses: an ${institutional ? '837I' : '837P'} claim carries at most ${dxLimit}; keep the ones the services point at.`,
      ),
    );
  const claimPos = str(ctx.claim.placeOfService);
  if (!institutional) {
    if (claimPos ? !ctx.settings.pos.has(claimPos) : lines.some((l) => !l || !l.placeOfService)) {
      edits.push(
        edit(
          'REQUIRED_PLACE_OF_SERVICE',
          null,
          claimPos ? [claimPos] : [],
          claimPos
            ? `Place of service '${claimPos}' is not a CMS POS code.`
            : 'Place of service is missing (CLM05-1).',
        ),
      );
    }
  }
}

/** 837P SV105: a line's own place of service must be a CMS POS code. */
export function linePlaceOfService(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const linePos = l.placeOfService;
  if (linePos !== undefined && linePos !== '' && !ctx.settings.pos.has(str(linePos))) {
    const ln = i + 1;
    ctx.edits.push(
      edit(
        'REQUIRED_PLACE_OF_SERVICE',
        ln,
        [str(linePos)],
        `Line ${ln}: place of service '${str(linePos)}' is not a CMS POS code.`,
      ),
    );
  }
}
