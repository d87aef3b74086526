// One global filter turns every error into DESIGN §10's JSON shape with the request id. Unknown
// errors become a 500 with a generic message (details go to the log, never to the client).
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, type DomainErrorCode } from './domain-error.js';
import type { ErrorResponse, FieldProblem } from './error-response.js';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { id?: string }>();
    const response = ctx.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: request.id,
        path: request.originalUrl,
        err: describe(exception),
      });
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponse {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_CODE[exception.code];
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
        fields: exception.fields,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      let fields = typeof raw === 'object' && raw !== null ? (raw as { fields?: FieldProblem[] }).fields : undefined;
      let message = exception.message;
      if (typeof raw === 'object' && raw !== null && 'message' in raw) {
        const m = (raw as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // The platform wraps body-parser failures (bad JSON, too large, bad charset) as HttpExceptions
      // whose cause carries an `entity.*` type: the field at fault is the request body.
      if (!fields && isBodyParserError(exception.cause)) {
        fields = [{ field: 'body', reason: message }];
        message = `body: ${message}`;
      }
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(fields ? { fields } : {}) };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Unexpected error; it has been logged with the request id.',
    };
  }
}

function isBodyParserError(e: unknown): boolean {
  const type = e instanceof Error ? (e as Error & { type?: unknown }).type : undefined;
  return typeof type === 'string' && type.startsWith('entity.');
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}
