import { ActivityParserCrashedError, ActivityParseTimeoutError, ImportQueueFullError, ParserPoolClosedError } from '../../write/workouts/import/parser-pool/parser-pool-errors';
import { toErrorResponse } from './to-error-response';

describe("the parser pool's errors in the API's error shape", () => {
  it.each([
    [new ImportQueueFullError(10), 503, 'too_many_imports', 'the server is already reading 10 activity files; try again in a minute', false],
    [
      new ActivityParseTimeoutError(60_000),
      422,
      'import_timed_out',
      'reading the file took longer than 60 s, so it was stopped; the file is too large or too complex to import',
      false,
    ],
    [new ParserPoolClosedError(), 503, 'shutting_down', 'the server is shutting down and did not read the file; try again in a minute', false],
  ])('%s', (error, status, code, message, unexpected) => {
    expect(toErrorResponse(error, 'req-1')).toEqual({
      status,
      body: { error: { code, message, details: [], request_id: 'req-1' } },
      unexpected,
    });
  });

  it('answers a crashed thread as an internal error, logged', () => {
    const response = toErrorResponse(new ActivityParserCrashedError('it exited with code 134'));
    expect(response).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } }, unexpected: true });
  });
});
