import { FieldProblem, problem, problemException } from '@revcycle/runtime';
import { PostingError } from '../posting/posting-error';
import { AdviceIntakeResponse, DuplicateIntakeResponse } from './dto/advice-intake.response';
import { IntakeResult } from './remittance-intake.service';

const MAX_PROBLEMS = 100;

/** `ST02 0001 / CLP (segment 14) / CLP04 / byte 812`: where a reason sits in the file. */
export function whereOf(e: PostingError): string {
  return (
    [
      e.transactionSetControlNumber && `ST02 ${e.transactionSetControlNumber}`,
      e.segmentId && `${e.segmentId} (segment ${e.segmentOrdinal ?? '?'})`,
      e.element,
      e.offset !== undefined && `byte ${e.offset}`,
    ]
      .filter(Boolean)
      .join(' / ') || 'file'
  );
}

const problems = (errors: PostingError[]): FieldProblem[] =>
  errors.slice(0, MAX_PROBLEMS).map((e) => ({ field: whereOf(e), messages: [e.message] }));

/**
 * The answer to an upload: 200 duplicate when nothing was new, 201 when at least one set posted
 * (refused sets listed with their errors), a 422 problem with located errors when nothing posted.
 */
export function intakeResponse(
  r: IntakeResult,
): { status: 200; body: DuplicateIntakeResponse } | { status: 201; body: AdviceIntakeResponse } {
  if (r.duplicateOf) return { status: 200, body: { id: r.duplicateOf, duplicate: true } };
  const posted = r.results.flatMap((x) => (x.kind === 'posted' ? [x] : []));
  const rejected = r.results.flatMap((x) => (x.kind === 'rejected' ? [x] : []));
  if (posted.length === 0) {
    const all = [...r.envelopeErrors, ...rejected.flatMap((x) => x.errors)];
    const message =
      r.results.length === 0
        ? 'not a readable 835 remittance: nothing was posted'
        : `no transaction set of the 835 could be posted (${rejected.length} refused): nothing was posted`;
    throw problemException(problem(422, message, problems(all)));
  }
  const sum = (f: (p: (typeof posted)[number]) => number) => posted.reduce((s, p) => s + f(p), 0);
  return {
    status: 201,
    body: {
      id: posted[0].adviceId,
      fileId: r.fileId,
      duplicate: false,
      transactions: r.results.length,
      claims: sum((p) => p.claims),
      matched: sum((p) => p.matched),
      unmatched: sum((p) => p.unmatched),
      paidCents: sum((p) => p.paidCents),
      claimPaidCents: sum((p) => p.claimPaidCents),
      plbCents: sum((p) => p.plbCents),
      advices: posted.map((p) => ({
        id: p.adviceId,
        transactionSetControlNumber: p.controlNumber,
        traceNumber: p.traceNumber,
        paidCents: p.paidCents,
        claims: p.claims,
      })),
      duplicateTransactions: r.results.flatMap((x) =>
        x.kind === 'duplicate' ? [{ transactionSetControlNumber: x.controlNumber, id: x.adviceId }] : [],
      ),
      rejectedTransactions: rejected.map((x) => ({
        transactionSetControlNumber: x.controlNumber,
        traceNumber: x.traceNumber,
        errors: x.errors,
        balancing: x.balancing.slice(0, MAX_PROBLEMS),
      })),
      errors: r.envelopeErrors.slice(0, MAX_PROBLEMS),
    },
  };
}
