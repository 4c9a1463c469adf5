import type { EventFilter, EventMetadata, RecordedEvent } from '../../../core/event-store';

export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

/** Every event of one append shares its recorded_at: formatting it once per run of them is a real saving on replay. */
let lastRecordedAt = Number.NaN;
let lastRecordedAtIso = '';

function isoOf(recordedAt: number): string {
  if (recordedAt !== lastRecordedAt) {
    lastRecordedAt = recordedAt;
    lastRecordedAtIso = new Date(recordedAt).toISOString();
  }
  return lastRecordedAtIso;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: isoOf(row.recorded_at),
  };
}

/** The SQL condition (and its parameters) that keeps only the events a filter lets through. */
export function filterClause(filter: EventFilter | undefined): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter?.eventTypes) {
    parts.push(`type IN (${filter.eventTypes.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.eventTypes);
  }
  if (filter?.streamPrefixes) {
    const prefixes = filter.streamPrefixes.map(() => "substr(stream_id, 1, length(?)) = ?");
    parts.push(`(${prefixes.join(' OR ') || '0'})`);
    for (const prefix of filter.streamPrefixes) params.push(prefix, prefix);
  }
  return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
}
