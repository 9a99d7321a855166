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
 * The only requests the API takes: targets without control characters or absurd path segments
 * (400), and bodies of UTF-8 JSON (objects or arrays), uncompressed, at most `limitBytes` (413),
 * nested at most 32 deep (400). Call once on an app created with `bodyParser: false`; every refusal
 * becomes a problem through the ProblemFilter.
 */
export function acceptWellFormedRequests(app: NestExpressApplication, limitBytes: number): void {
  app.use((req: BodyRequest, _res: unknown, next: Next) => {
    const target = requestTargetProblem(req.url);
    if (target) return next(problemException(problem(400, target)));
    const refused = hasBody(req) ? jsonMediaTypeProblem(req.headers['content-type'] as string) : undefined;
    next(refused ? problemException(problem(415, refused)) : undefined);
  });
  app.useBodyParser('json', { limit: limitBytes, inflate: false, strict: true, type: 'application/json' });
  // Express error middleware (four arguments): body-parser's own errors, mapped before Nest sees
  // a SyntaxError and turns it into a bare 400.
  app.use((err: unknown, _req: unknown, _res: unknown, next: Next) => {
    const known = bodyParserProblem(err);
    next(known ? problemException(known) : err);
  });
  // class-transformer and class-validator recurse: a body nested thousands deep would overflow the stack.
  app.use((req: BodyRequest, _res: unknown, next: Next) =>
    next(
      nestsDeeperThan(req.body)
        ? problemException(problem(400, `request body nested deeper than ${MAX_BODY_DEPTH} levels`))
        : undefined,
    ),
  );
}
