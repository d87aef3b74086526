// Services throw DomainError with a code; the global filter maps the code to an HTTP status at
// the edge, so use cases stay free of HTTP.
import type { FieldProblem } from './error-response.js';

export type DomainErrorCode =
  'invalid_input' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(field: string, reason: string): DomainError {
    return new DomainError('invalid_input', `${field}: ${reason}`, [{ field, reason }]);
  }

  static notFound(what: string, code: string): DomainError {
    return new DomainError('not_found', `Unknown ${what} "${code}"`);
  }
}
