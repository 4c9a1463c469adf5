import type { ActualRevision } from './errors';
import type { ExpectedRevision } from './types';

/** Whether a stream at `actual` satisfies `expected` (EventStoreDB's rules), for every adapter. */
export function expectationHolds(expected: ExpectedRevision, actual: ActualRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}
