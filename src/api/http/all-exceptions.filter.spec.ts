import type { ArgumentsHost } from '@nestjs/common';
import { ActivityParseTimeoutError, ImportQueueFullError, ParserPoolClosedError } from '../../write/workouts/import';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ApiError } from './error-body';

/** What the filter sent: status, headers and body. */
function answer(exception: unknown): { status?: number; headers: Record<string, string>; body?: unknown } {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    status(status: number) {
      sent.status = status;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { id: 'req-1', method: 'POST', url: '/v1/workouts/import' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) };
  new AllExceptionsFilter().catch(exception, host as unknown as ArgumentsHost);
  return sent;
}

describe('AllExceptionsFilter', () => {
  it.each([
    ['too_many_imports', new ImportQueueFullError(3)],
    ['shutting_down', new ParserPoolClosedError()],
  ])('answers %s with a 503 and a Retry-After in seconds', (code, error) => {
    const sent = answer(error);
    expect(sent.status).toBe(503);
    expect(sent.headers).toMatchObject({ 'retry-after': '60', 'content-type': 'application/json; charset=utf-8' });
    expect(sent.body).toEqual({ error: { code, message: error.message, details: [], request_id: 'req-1' } });
  });

  it.each([
    ['import_timed_out', new ActivityParseTimeoutError(60_000), 422],
    ['not_ready', new ApiError(503, 'not_ready', 'a store is unreachable'), 503],
  ])('sends no Retry-After with %s', (code, error, status) => {
    const sent = answer(error);
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ error: { code } });
    expect(sent.headers).not.toHaveProperty('retry-after');
  });
});
