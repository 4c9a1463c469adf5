import type { ActualRevision, ExpectedRevision } from '../../../core/event-store';
import type { AppendOutcome, AppendRequest, SerializedError } from './sqlite-writer-messages';

/**
 * Appends and their outcomes as one string each on their way to and from the writer thread. A
 * structured clone of an array of objects costs a property walk per field; one string is copied
 * whole. The format is a run of length-prefixed fields (`<length>:<text>`), so any text fits.
 */
export function packAppends(appends: readonly AppendRequest[]): string {
  const out = new FieldWriter();
  out.number(appends.length);
  for (const append of appends) {
    out.text(append.streamId);
    out.text(revisionText(append.expected));
    out.number(append.events.length);
    for (const event of append.events) {
      out.text(event.eventId);
      out.text(event.type);
      out.text(event.data);
      out.text(event.metadata);
    }
  }
  return out.result();
}

export function unpackAppends(packed: string): AppendRequest[] {
  const input = new FieldReader(packed);
  const appends: AppendRequest[] = new Array(input.number());
  for (let i = 0; i < appends.length; i++) {
    const streamId = input.text();
    const expected = revisionOf(input.text()) as ExpectedRevision;
    const events: AppendRequest['events'] = new Array(input.number());
    for (let j = 0; j < events.length; j++) {
      events[j] = { eventId: input.text(), type: input.text(), data: input.text(), metadata: input.text() };
    }
    appends[i] = { streamId, expected, events };
  }
  return appends;
}

export function packOutcomes(outcomes: readonly AppendOutcome[]): string {
  const out = new FieldWriter();
  out.number(outcomes.length);
  for (const outcome of outcomes) {
    if (outcome.ok) {
      out.text('ok');
      out.text(String(outcome.result.nextExpectedRevision));
      out.text(String(outcome.result.position));
    } else if (outcome.error.kind === 'wrong_expected_version') {
      out.text('wrong_expected_version');
      out.text(outcome.error.streamId);
      out.text(revisionText(outcome.error.expected));
      out.text(revisionText(outcome.error.actual));
    } else {
      out.text('error');
      out.text(outcome.error.name);
      out.text(outcome.error.message);
      out.text(outcome.error.code ?? '');
    }
  }
  return out.result();
}

export function unpackOutcomes(packed: string): AppendOutcome[] {
  const input = new FieldReader(packed);
  const outcomes: AppendOutcome[] = new Array(input.number());
  for (let i = 0; i < outcomes.length; i++) {
    const kind = input.text();
    if (kind === 'ok') {
      outcomes[i] = { ok: true, result: { nextExpectedRevision: BigInt(input.text()), position: BigInt(input.text()) } };
      continue;
    }
    let error: SerializedError;
    if (kind === 'wrong_expected_version') {
      error = { kind, streamId: input.text(), expected: revisionOf(input.text()) as ExpectedRevision, actual: revisionOf(input.text()) as ActualRevision };
    } else {
      const name = input.text();
      const message = input.text();
      const code = input.text();
      error = { kind: 'error', name, message, ...(code ? { code } : {}) };
    }
    outcomes[i] = { ok: false, error };
  }
  return outcomes;
}

function revisionText(revision: ExpectedRevision | ActualRevision): string {
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

function revisionOf(text: string): ExpectedRevision | ActualRevision {
  return /^-?\d+$/.test(text) ? BigInt(text) : (text as 'any' | 'no_stream' | 'stream_exists');
}

class FieldWriter {
  private parts: string[] = [];

  text(value: string): void {
    this.parts.push(`${value.length}:`, value);
  }

  number(value: number): void {
    this.text(String(value));
  }

  result(): string {
    return this.parts.join('');
  }
}

class FieldReader {
  private at = 0;

  constructor(private readonly packed: string) {}

  text(): string {
    const colon = this.packed.indexOf(':', this.at);
    if (colon < 0) throw new Error('malformed packed field');
    const length = Number(this.packed.slice(this.at, colon));
    const start = colon + 1;
    this.at = start + length;
    if (!Number.isInteger(length) || this.at > this.packed.length) throw new Error('malformed packed field');
    return this.packed.slice(start, this.at);
  }

  number(): number {
    return Number(this.text());
  }
}
