import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';

interface Response {
  status(code: number): Response;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * Every error leaves as `{ statusCode, error, message, errors? }`: field-level messages for bad
 * input, never a stack trace; unexpected errors are logged (without request bodies) as 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload =
        typeof body === 'string'
          ? { statusCode: status, error: HttpStatus[status], message: body }
          : { statusCode: status, ...(body as object) };
      response.status(status).json(payload);
      return;
    }
    const malformed = exception as { type?: string; status?: number; message?: string };
    if (malformed?.type === 'entity.parse.failed') {
      response.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: `malformed JSON body: ${malformed.message}`,
      });
      return;
    }
    this.logger.error(
      { err: { name: (exception as Error)?.name, message: (exception as Error)?.message } },
      'unhandled error',
    );
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}
