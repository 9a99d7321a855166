import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { databaseProblem } from './database-problem';
import { Problem, problem } from './problem-shape';
import { FieldProblem } from './validation';

/**
 * Maps whatever a request failed with to its problem: Nest's HTTP exceptions (validation, guards,
 * pipes), the JSON body parser's failures, and PostgreSQL constraint failures. `undefined` means
 * an unexpected error: the caller logs it and answers 500.
 */
export function problemOf(exception: unknown): Problem | undefined {
  if (exception instanceof HttpException) return httpProblem(exception);
  if (exception instanceof QueryFailedError) return databaseProblem(exception.driverError);
  return bodyParserProblem(exception);
}

function httpProblem(exception: HttpException): Problem {
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'string') return problem(status, body);
  const { message, error, errors } = body as { message?: unknown; error?: unknown; errors?: FieldProblem[] };
  const text = Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : undefined;
  return {
    statusCode: status,
    error: typeof error === 'string' ? error : (STATUS_CODES[status] ?? 'Error'),
    message: text ?? exception.message,
    ...(Array.isArray(errors) ? { errors } : {}),
  };
}

/** body-parser (express.json) marks each failure with a `type`; see its README "Errors". */
const BODY_PARSER_FAILURES: Record<string, (limit?: number) => Problem> = {
  'entity.parse.failed': () => problem(400, 'malformed JSON body'),
  'entity.too.large': (limit) =>
    problem(413, `request body larger than the ${limit === undefined ? '' : `${limit}-byte `}limit`),
  'request.size.invalid': () => problem(400, 'request body shorter or longer than its Content-Length'),
  'request.aborted': () => problem(400, 'request body aborted by the client'),
  'charset.unsupported': () => problem(415, 'request body charset must be utf-8'),
  'encoding.unsupported': () => problem(415, 'request body must not be compressed (Content-Encoding)'),
  'parameters.too.many': () => problem(413, 'too many parameters in the request body'),
};

export function bodyParserProblem(exception: unknown): Problem | undefined {
  const failure = exception as { type?: unknown; limit?: number } | null;
  const map = typeof failure?.type === 'string' ? BODY_PARSER_FAILURES[failure.type] : undefined;
  return map?.(failure?.limit);
}
