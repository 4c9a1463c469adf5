import { HttpException } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '../../core/domain-error';
import { EventSchemaError, WrongExpectedVersionError } from '../../core/event-store';
import {
  ActivityImportError,
  ActivityImportErrorCode,
  ActivityParseTimeoutError,
  ImportQueueFullError,
  ParserPoolClosedError,
} from '../../write/workouts/import';
import { ApiError, ErrorBody, errorBody } from './error-body';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violated: 422,
};

const IMPORT_ERROR_STATUS: Record<ActivityImportErrorCode, number> = {
  unsupported_media_type: 415,
  too_large: 413,
  malformed_file: 400,
  empty_activity: 422,
  too_many_points: 413,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_violated',
  429: 'too_many_requests',
};

/** Fastify's own errors that are the client's fault, with the code we answer them with. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the body is empty but declared as JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
};

/** Refusals whose message says "try again in a minute" say it in a Retry-After header too. */
const RETRY_AFTER_SECONDS = new Map<string, number>([
  ['too_many_imports', 60],
  ['shutting_down', 60],
]);

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Unexpected: log it with its stack. */
  unexpected: boolean;
}

/** Maps anything thrown while serving a request to a status and the API's error shape. */
export function toErrorResponse(error: unknown, requestId?: string): ErrorResponse {
  const respond = (status: number, code: string, message: string, details: ErrorBody['error']['details'] = [], unexpected = false) => ({
    status,
    body: errorBody(code, message, details, requestId),
    unexpected,
  });
  if (error instanceof ApiError) return respond(error.status, error.code, error.message, error.details);
  if (error instanceof ActivityImportError) {
    return respond(IMPORT_ERROR_STATUS[error.code], error.code, error.message);
  }
  if (error instanceof ImportQueueFullError) return respond(503, 'too_many_imports', error.message);
  if (error instanceof ActivityParseTimeoutError) return respond(422, 'import_timed_out', error.message);
  if (error instanceof ParserPoolClosedError) return respond(503, 'shutting_down', error.message);
  if (error instanceof DomainError) return respond(STATUS_OF_KIND[error.kind], error.code, error.message, error.details);
  if (error instanceof WrongExpectedVersionError) {
    return respond(409, 'version_conflict', 'the resource was changed concurrently; retry the request');
  }
  if (error instanceof EventSchemaError) {
    return respond(400, 'invalid_event', error.message, error.problems.map((message) => ({ message })));
  }
  // Nest wraps Fastify's own 4xx errors (bad JSON, body too large) in an HttpException.
  const fastifyCause = error instanceof HttpException ? (error.cause as { code?: string } | undefined) : undefined;
  const knownCause = fastifyCause?.code ? FASTIFY_CODES[fastifyCause.code] : undefined;
  if (knownCause) return respond(knownCause.status, knownCause.code, knownCause.message ?? (error as Error).message);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : messageOf(response) ?? error.message;
    return respond(status, CODE_OF_STATUS[status] ?? `http_${status}`, message, [], status >= 500);
  }
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  const known = fastify.code ? FASTIFY_CODES[fastify.code] : undefined;
  if (known) return respond(known.status, known.code, known.message ?? fastify.message ?? known.code);
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return respond(fastify.statusCode, CODE_OF_STATUS[fastify.statusCode] ?? `http_${fastify.statusCode}`, fastify.message ?? 'bad request');
  }
  return respond(500, 'internal_error', 'something went wrong on our side; the request id identifies it in the logs', [], true);
}

/** Seconds the client should wait before it retries (the Retry-After header), for the answers that have one. */
export function retryAfterSeconds(response: ErrorResponse): number | undefined {
  return RETRY_AFTER_SECONDS.get(response.body.error.code);
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}
