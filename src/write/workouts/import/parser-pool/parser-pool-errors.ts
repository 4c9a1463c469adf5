// The pool's own refusals are not about the file's content, so they are not ActivityImportErrors.
// The API answers them with their status and code (src/api/http/to-error-response.ts).

/** Every parser thread is busy and the waiting line is full: the client should retry later. */
export class ImportQueueFullError extends Error {
  override readonly name = 'ImportQueueFullError';
  constructor(inProgress: number) {
    const files = `${inProgress} activity file${inProgress === 1 ? '' : 's'}`;
    super(`the server is already reading ${files}; try again in a minute`);
  }
}

/**
 * A parse ran past the time limit; its thread was stopped. Not the server's failure: the limit is
 * set far above what a valid file of the largest accepted size needs, so retrying the same file
 * would most likely only hold a parser thread for as long again.
 */
export class ActivityParseTimeoutError extends Error {
  override readonly name = 'ActivityParseTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`reading the file took longer than ${timeoutMs / 1000} s, so it was stopped; the file is too large or too complex to import`);
  }
}

/** The application is shutting down: the file was not read. */
export class ParserPoolClosedError extends Error {
  override readonly name = 'ParserPoolClosedError';
  constructor() {
    super('the server is shutting down and did not read the file; try again in a minute');
  }
}

/** A parser thread died while reading a file (out of memory, a crash): a 500, logged with its cause. */
export class ActivityParserCrashedError extends Error {
  override readonly name = 'ActivityParserCrashedError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`the activity file parser thread stopped unexpectedly while reading the file: ${detail}`, options);
  }
}
