import * as codesets from '@revcycle/codesets';
import { ScrubServiceLine } from '../claim';
import { edit, str } from './text';
import { ScrubContext } from './scrub-context';

const { dateToInt, intToDate, intToDays } = codesets;

/** Patient date of birth (2010CA/2010BA DMG02): present, a real date, not in the future. */
export function patientBirthDate(ctx: ScrubContext): void {
  const dobText = str(ctx.patient.birthDate);
  const dob = dateToInt(dobText);
  ctx.dobText = dobText;
  ctx.dob = dob;
  if (!dob)
    ctx.edits.push(
      edit(
        'REQUIRED_PATIENT_BIRTH_DATE',
        null,
        dobText ? [dobText] : [],
        dobText
          ? `Patient date of birth '${dobText}' is not a YYYY-MM-DD date.`
          : 'Patient date of birth is missing.',
      ),
    );
  else if (dob > ctx.asOfInt)
    ctx.edits.push(
      edit('DATE_INVALID', null, [dobText], `Patient date of birth ${dobText} is in the future.`),
    );
}

/** 837I DTP*434 statement period: both dates real, in order (else it bounds nothing). */
export function statementPeriod(ctx: ScrubContext): void {
  const { claim, edits } = ctx;
  ctx.stmtFrom = ctx.stmtTo = 0;
  if (claim.statementFrom === undefined && claim.statementTo === undefined) return;
  const stmtFrom = dateToInt(str(claim.statementFrom));
  const stmtTo = dateToInt(str(claim.statementTo));
  if (!stmtFrom || !stmtTo)
    edits.push(
      edit(
        'DATE_INVALID',
        null,
        [str(claim.statementFrom), str(claim.statementTo)],
        'Statement period dates must both be YYYY-MM-DD dates.',
      ),
    );
  else if (stmtFrom > stmtTo)
    edits.push(
      edit(
        'DATE_RANGE_REVERSED',
        null,
        [str(claim.statementFrom), str(claim.statementTo)],
        'Statement period starts after it ends: swap or correct the dates.',
      ),
    );
  else {
    ctx.stmtFrom = stmtFrom;
    ctx.stmtTo = stmtTo;
  }
}

/** Line dates of service: real, in order, not in the future, within the patient's life and the statement. */
export function lineDates(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const { edits, dob, dobText, stmtFrom, stmtTo } = ctx;
  const ln = i + 1;
  const dText = str(l.serviceDate);
  const d = dateToInt(dText);
  let dt = d;
  if (!d) {
    edits.push(
      edit(
        'DATE_INVALID',
        ln,
        dText ? [dText] : [],
        dText
          ? `Line ${ln}: service date '${dText}' is not a real YYYY-MM-DD date.`
          : `Line ${ln}: service date is missing.`,
      ),
    );
  } else {
    if (l.serviceDateTo !== undefined && l.serviceDateTo !== '') {
      const toText = str(l.serviceDateTo);
      dt = dateToInt(toText);
      if (!dt) {
        edits.push(
          edit(
            'DATE_INVALID',
            ln,
            [toText],
            `Line ${ln}: service to-date '${toText}' is not a real YYYY-MM-DD date.`,
          ),
        );
        dt = d;
      } else if (dt < d) {
        edits.push(
          edit(
            'DATE_RANGE_REVERSED',
            ln,
            [dText, toText],
            `Line ${ln}: service from-date ${dText} is after its to-date ${toText}.`,
          ),
        );
        dt = d;
      }
    }
    if (dt > ctx.asOfInt)
      edits.push(
        edit(
          'DATE_IN_FUTURE',
          ln,
          [intToDate(dt)],
          `Line ${ln}: service date ${intToDate(dt)} is in the future; bill after the service is rendered.`,
        ),
      );
    if (dob && d < dob)
      edits.push(
        edit(
          'DATE_BEFORE_BIRTH',
          ln,
          [dText, dobText],
          `Line ${ln}: service date ${dText} is before the patient's birth (${dobText}).`,
        ),
      );
    else if (dob && d - dob >= 1250000)
      edits.push(
        edit(
          'DATE_IMPLAUSIBLE_AGE',
          ln,
          [dText, dobText],
          `Line ${ln}: patient would be over 125 on ${dText}; check the date of birth.`,
        ),
      );
    if (stmtFrom && (d < stmtFrom || dt > stmtTo))
      edits.push(
        edit(
          'DATE_OUTSIDE_STATEMENT',
          ln,
          [dText],
          `Line ${ln}: service date ${dText} is outside the statement period ${intToDate(stmtFrom)}–${intToDate(stmtTo)}.`,
        ),
      );
    if (!ctx.firstDos || d < ctx.firstDos) ctx.firstDos = d;
    if (dt > ctx.lastDos) ctx.lastDos = dt;
  }
  ctx.dos[i] = d;
  ctx.dosTo[i] = dt;
}

/** Filing limit from the last date of service: the payer's (rule set) or the default. */
export function timelyFiling(ctx: ScrubContext): void {
  const lastDos = ctx.lastDos;
  if (!lastDos || lastDos > ctx.asOfInt) return;
  const payerId = str(ctx.claim.payerId);
  const limit = ctx.settings.rules.timelyFilingDays.get(payerId) ?? ctx.settings.defaultTimelyFilingDays;
  const age = ctx.asOfDays - intToDays(lastDos);
  if (age > limit)
    ctx.edits.push(
      edit(
        'TIMELY_FILING_EXPIRED',
        null,
        [intToDate(lastDos), String(limit)],
        `Service date ${intToDate(lastDos)} is ${age} days old, past the ${limit}-day filing limit: the payer will deny it unless you hold proof of timely filing.`,
      ),
    );
  else if (age > limit - 30)
    ctx.edits.push(
      edit(
        'TIMELY_FILING_NEAR',
        null,
        [intToDate(lastDos), String(limit)],
        `Service date ${intToDate(lastDos)} is ${age} days old; the ${limit}-day filing limit is ${limit - age} days away: submit now.`,
      ),
    );
}
