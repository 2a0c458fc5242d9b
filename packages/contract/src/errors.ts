import { z } from 'zod';

/** Stable error codes and their HTTP statuses, shared by server and web. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  /** The password was right; the account logs in with a second factor: send the 6-digit code. */
  SECOND_FACTOR_REQUIRED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The session may only enrol a second factor until it is confirmed. */
  SECOND_FACTOR_ENROLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  STATE_CONFLICT: 409,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  CONFIDENTIALITY_CONFLICT: 409,
  WINDOW_CLOSED: 409,
  REVIEW_ORGAN_CONFLICT: 409,
  ALREADY_DELIVERED: 409,
  RECUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; requestId?: string };
};

/**
 * The one error body every route answers with (documented for every error status in OpenAPI):
 * a stable upper-case code, a Chinese message, the invalid fields for 400 and, for a refused
 * lifecycle command (409), `allowed`: the commands this caller may run in the current state.
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z
      .looseObject({
        fields: z
          .array(z.object({ field: z.string(), label: z.string().optional(), message: z.string() }))
          .optional(),
        allowed: z.array(z.string()).optional(),
      })
      .optional(),
    requestId: z.string().optional(),
  }),
});
