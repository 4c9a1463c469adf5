import type { ExpectedRevision } from './types';

export type ActualRevision = bigint | 'no_stream';

/** The stream was not at the revision the caller expected: someone else wrote first. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** An event failed its JSON Schema, or its type/version has no schema: it never reaches the store. */
export class EventSchemaError extends Error {
  override readonly name = 'EventSchemaError';
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly problems: readonly string[],
  ) {
    super(`event ${eventType} v${schemaVersion} is invalid: ${problems.join('; ')}`);
  }
}
