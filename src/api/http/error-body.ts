import type { ErrorDetail } from '../../core/domain-error';

/** The one error shape of the API (API.md): `{"error": {"code", "message", "details"}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details: readonly ErrorDetail[]; request_id?: string };
}

export function errorBody(code: string, message: string, details: readonly ErrorDetail[] = [], requestId?: string): ErrorBody {
  return { error: { code, message, details, ...(requestId ? { request_id: requestId } : {}) } };
}

/** An HTTP-level refusal raised outside the domain (validation, auth, limits). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }
}
