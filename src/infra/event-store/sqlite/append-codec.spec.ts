import { packAppends, packOutcomes, unpackAppends, unpackOutcomes } from './append-codec';
import type { AppendOutcome, AppendRequest } from './sqlite-writer-messages';

describe('the append codec between the store and its writer thread', () => {
  it('gives back the same appends, whatever their text holds', () => {
    const appends: AppendRequest[] = [
      {
        streamId: 'workout-1',
        expected: 41n,
        events: [
          { eventId: 'e:1', type: 'TelemetryRecorded', data: '{"points":[{"t":1}],"note":"12:34 ünïcödé 🏃\\n"}', metadata: '{}' },
          { eventId: '', type: 'T', data: '', metadata: '3:abc' },
        ],
      },
      { streamId: 'a:b:c', expected: 'no_stream', events: [] },
      { streamId: 's', expected: 'any', events: [{ eventId: 'x', type: 'y', data: '0:', metadata: '{"a":"1:2"}' }] },
      { streamId: 's', expected: 'stream_exists', events: [] },
    ];
    expect(unpackAppends(packAppends(appends))).toEqual(appends);
    expect(unpackAppends(packAppends([]))).toEqual([]);
  });

  it('gives back the same outcomes: results, version conflicts and errors', () => {
    const outcomes: AppendOutcome[] = [
      { ok: true, result: { nextExpectedRevision: 7n, position: 123456789012n } },
      { ok: false, error: { kind: 'wrong_expected_version', streamId: 'w:1', expected: 3n, actual: 'no_stream' } },
      { ok: false, error: { kind: 'wrong_expected_version', streamId: 'w', expected: 'no_stream', actual: 0n } },
      { ok: false, error: { kind: 'error', name: 'SqliteError', message: 'UNIQUE constraint failed: 1:2', code: 'SQLITE_CONSTRAINT_UNIQUE' } },
      { ok: false, error: { kind: 'error', name: 'Error', message: '' } },
      { ok: true, result: { nextExpectedRevision: -1n, position: -1n } },
    ];
    expect(unpackOutcomes(packOutcomes(outcomes))).toEqual(outcomes);
  });

  it('refuses a truncated message instead of making up fields', () => {
    const packed = packAppends([{ streamId: 'workout-1', expected: 'any', events: [] }]);
    expect(() => unpackAppends(packed.slice(0, -3))).toThrow('malformed');
  });
});
