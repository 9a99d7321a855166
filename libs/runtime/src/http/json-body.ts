import { NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserProblem } from './problem';
import { problem, problemException } from './problem-shape';
import { MAX_BODY_DEPTH, nestsDeeperThan, requestTargetProblem } from './request-shape';

interface BodyRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
type Next = (err?: unknown) => void;

/** A request carries a body when it says so (RFC 9112 §6.3: Transfer-Encoding, or a non-zero Content-Length). */
const hasBody = (req: BodyRequest) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** `application/json` with no charset or `charset=utf-8`; anything else is refused with the reason. */
export function jsonMediaTypeProblem(contentType: string | undefined): string | undefined {
  if (!contentType) return 'a request body needs Content-Type: application/json';
  const [type, ...parameters] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return `Content-Type ${type} is not accepted: send application/json`;
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (charset !== undefined && charset.replace(/"/g, '') !== 'utf-8')
    return `charset ${charset} is not accepted: send utf-8`;
  return undefined;
}

/**
 * Routes that take an X12 file as their body (`application/edi-x12`, or `text/plain` as many
 * clearinghouse tools send it), read as bytes: the handler's parser locates every error in it.
 */
export const X12_BODY_ROUTES = ['/claims/acknowledgments'];
/** An acknowledgment file is small; a 999 for a 5,000-claim 837 is well under a megabyte. */
export const X12_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const X12_MEDIA_TYPES = ['application/edi-x12', 'text/plain'];

/**
 * Routes that take a bank file (BAI2 or CSV) as their body, read as bytes like an X12 file: the
 * reader locates every bad line. A day's BAI2 for a busy account is a few megabytes at most.
 */
export const BANK_FILE_ROUTES = ['/remittance/deposits'];
const BANK_FILE_MEDIA_TYPES = ['text/plain', 'text/csv', 'application/octet-stream'];

/**
 * X12 routes whose handler reads the request itself as a stream (an 835 may be hundreds of
 * megabytes): same media types, no body parser, no size limit here.
 */
export const X12_STREAMED_ROUTES = ['/remittance/advices'];

/**
 * JSON routes that take a practice-management feed in one request (`POST /encounters/batch`, up
 * to 1,000 encounters ≈ 0.5 MB): a larger JSON limit than the default for them alone.
 */
export const BULK_JSON_ROUTES = ['/encounters/batch'];
export const BULK_JSON_LIMIT_BYTES = 2 * 1024 * 1024;

const pathOf = (url: string) => url.split('?')[0].replace(/\/+$/, '');
const takesBankFile = (req: BodyRequest) => BANK_FILE_ROUTES.includes(pathOf(req.url));
const parsesX12 = (req: BodyRequest) => X12_BODY_ROUTES.includes(pathOf(req.url));
const takesX12 = (req: BodyRequest) => parsesX12(req) || X12_STREAMED_ROUTES.includes(pathOf(req.url));
/** Read whole by the raw body parser (the streamed X12 routes are not: their handler reads them). */
const takesRaw = (req: BodyRequest) => parsesX12(req) || takesBankFile(req);

/** On a bank-file route: text/plain, text/csv or application/octet-stream. */
export function bankFileMediaTypeProblem(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type && BANK_FILE_MEDIA_TYPES.includes(type)) return undefined;
  return `${type ? `Content-Type ${type} is not accepted` : 'a bank file needs a Content-Type'}: send text/plain (BAI2) or text/csv`;
}

/** On an X12 route: `application/edi-x12` or `text/plain`; anything else is refused with the reason. */
export function x12MediaTypeProblem(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type && X12_MEDIA_TYPES.includes(type)) return undefined;
  return `${type ? `Content-Type ${type} is not accepted` : 'an X12 body needs a Content-Type'}: send application/edi-x12 (or text/plain)`;
}

/**
 * The only requests the API takes: targets without control characters or absurd path segments
 * (400), and bodies of UTF-8 JSON (objects or arrays), uncompressed, at most `limitBytes` (413),
 * nested at most 32 deep (400). Call once on an app created with `bodyParser: false`; every refusal
 * becomes a problem through the ProblemFilter.
 */
export function acceptWellFormedRequests(app: NestExpressApplication, limitBytes: number): void {
  app.use((req: BodyRequest, _res: unknown, next: Next) => {
    const target = requestTargetProblem(req.url);
    if (target) return next(problemException(problem(400, target)));
    const contentType = req.headers['content-type'] as string | undefined;
    const refused = !hasBody(req)
      ? undefined
      : takesX12(req)
        ? x12MediaTypeProblem(contentType)
        : takesBankFile(req)
          ? bankFileMediaTypeProblem(contentType)
          : jsonMediaTypeProblem(contentType);
    next(refused ? problemException(problem(415, refused)) : undefined);
  });
  const json = (req: BodyRequest) =>
    jsonMediaTypeProblem(req.headers['content-type'] as string | undefined) === undefined;
  const bulk = (req: BodyRequest) => BULK_JSON_ROUTES.includes(pathOf(req.url));
  app.useBodyParser('json', {
    limit: Math.max(limitBytes, BULK_JSON_LIMIT_BYTES),
    inflate: false,
    strict: true,
    type: (req: BodyRequest) => json(req) && bulk(req),
  });
  app.useBodyParser('json', {
    limit: limitBytes,
    inflate: false,
    strict: true,
    type: (req: BodyRequest) => json(req) && !bulk(req),
  });
  app.useBodyParser('raw', {
    limit: X12_BODY_LIMIT_BYTES,
    inflate: false,
    type: (req: BodyRequest) => takesRaw(req),
  });
  // Express error middleware (four arguments): body-parser's own errors, mapped before Nest sees
  // a SyntaxError and turns it into a bare 400.
  app.use((err: unknown, _req: unknown, _res: unknown, next: Next) => {
    const known = bodyParserProblem(err);
    next(known ? problemException(known) : err);
  });
  // class-transformer and class-validator recurse: a body nested thousands deep would overflow the stack.
  app.use((req: BodyRequest, _res: unknown, next: Next) =>
    next(
      !Buffer.isBuffer(req.body) && nestsDeeperThan(req.body)
        ? problemException(problem(400, `request body nested deeper than ${MAX_BODY_DEPTH} levels`))
        : undefined,
    ),
  );
}
