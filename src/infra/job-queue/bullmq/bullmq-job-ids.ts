/**
 * How port ids and types map onto BullMQ names.
 *
 * BullMQ builds Redis keys as `<prefix>:<queue>:<jobId>` and refuses, or silently mistreats,
 * some names:
 * - a queue name must not contain ':' ("Queue name cannot contain :");
 * - a custom job id must not contain ':' (BullMQ ≥ 5.58.7 throws "Custom Id cannot contain :"
 *   unless it splits into exactly three parts, a leftover of old repeatable ids) and must not be
 *   an integer ("Custom Id cannot be integers": `${parseInt(id)}` === id, e.g. "42", "-1");
 * - a job id that equals a queue key suffix (`meta`, `id`, `events`, `wait`, `delayed`, …) lands
 *   on that key: the job hash "exists" already and the add is dropped as a duplicate.
 *
 * So every job id is stored as `#` + the id with '%' and ':' percent-escaped (never an integer,
 * never a key suffix, no ':'), and a type as itself with the same escapes. Both are reversible
 * and leave ordinary ids (UUIDs, `push-<uuid>`) readable in Redis and in dashboards.
 */
const ESCAPES: Record<string, string> = { '%': '%25', ':': '%3A' };

function escapeName(value: string): string {
  return value.replace(/[%:]/g, (c) => ESCAPES[c] ?? c);
}

function unescapeName(value: string): string {
  return value.replace(/%25|%3A/gi, (escape) => (escape === '%25' ? '%' : ':'));
}

export function encodeJobId(id: string): string {
  return `#${escapeName(id)}`;
}

export function decodeJobId(jobId: string): string {
  return unescapeName(jobId.startsWith('#') ? jobId.slice(1) : jobId);
}

export function queueNameOf(type: string): string {
  return escapeName(type);
}

export function typeOfQueueName(queueName: string): string {
  return unescapeName(queueName);
}
