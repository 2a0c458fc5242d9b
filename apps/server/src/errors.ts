import { ERROR_STATUS, type ErrorCode } from '@xinfang/contract';

/** A use-case failure with a stable code and a Chinese message; mapped to HTTP in one place. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = '记录'): AppError => new AppError('NOT_FOUND', `${what}不存在或无权访问`);

export const invalid = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
