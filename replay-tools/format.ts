import type { RecordedEvent } from '../src/core/event-store';

/** Fields whose values auditors must never see (credential hashes), wherever they are nested. */
export const REDACTED_FIELDS: ReadonlySet<string> = new Set(['password_hash']);
export const REDACTED = '[redacted]';

/** A deep copy with every field named in REDACTED_FIELDS replaced by "[redacted]". */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) copy[key] = REDACTED_FIELDS.has(key) ? REDACTED : redact(field);
    return copy;
  }
  return value;
}

/** JSON with bigints as decimal strings (positions and revisions), as the platform serialises them. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === 'bigint' ? field.toString() : field), indent) ?? 'undefined';
}

export interface EventJson {
  streamId: string;
  revision: string;
  position: string;
  type: string;
  recordedAt: string;
  metadata: unknown;
  data: unknown;
}

/** The event as auditors see it: bigints as strings, credentials redacted. */
export function eventToJson(event: RecordedEvent): EventJson {
  return {
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    recordedAt: event.recordedAt,
    metadata: redact(event.metadata),
    data: redact(event.data),
  };
}

/** One JSON object on one line (for `--json`, e.g. piped into `jq`). */
export function formatEventJsonLine(event: RecordedEvent): string {
  return toJson(eventToJson(event));
}

const METADATA_FIELDS = ['eventId', 'correlationId', 'causationId', 'actorId', 'occurredAt', 'schemaVersion', 'requestId'] as const;

/** A readable multi-line block: header, recordedAt, every metadata field, then the data as indented JSON. */
export function formatEventPretty(event: RecordedEvent): string[] {
  const metadata = redact(event.metadata) as Record<string, unknown>;
  const rows: Array<[string, string]> = [['recordedAt', event.recordedAt]];
  for (const field of METADATA_FIELDS) rows.push([field, scalar(metadata[field])]);
  for (const [field, value] of Object.entries(metadata)) {
    if (!(METADATA_FIELDS as readonly string[]).includes(field)) rows.push([field, scalar(value)]);
  }
  return [
    `${event.type}  ${event.streamId}@${event.revision}  position ${event.position}`,
    ...table(rows, '  '),
    '  data',
    ...toJson(redact(event.data), 2)
      .split('\n')
      .map((line) => `    ${line}`),
  ];
}

function scalar(value: unknown): string {
  if (value === undefined || value === null) return '-';
  return typeof value === 'string' ? value : toJson(value);
}

/** Two aligned columns. */
export function table(rows: ReadonlyArray<readonly [string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`.trimEnd());
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

export function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${count === 1 || count === 1n ? '' : 's'}`;
}
