import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { problemOf } from './problem';
import { problem } from './problem-shape';

interface Response {
  status(code: number): Response;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * Every error leaves as `{ statusCode, error, message, errors? }` (see problemOf for what maps to
 * which status), never a stack trace; unexpected errors are logged (without request bodies) as 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const known = problemOf(exception);
    if (!known)
      this.logger.error(
        { err: { name: (exception as Error)?.name, message: (exception as Error)?.message } },
        'unhandled error',
      );
    const answer = known ?? problem(500, 'internal error');
    response.status(answer.statusCode).json(answer);
  }
}
