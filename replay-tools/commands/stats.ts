import type { EventStore } from '../../src/core/event-store';
import { expectPositionals, parseArgs } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { table, toJson } from '../format';

export interface StoreStats {
  streams: number;
  events: number;
  /** Sorted by count, most first (then by name). */
  eventsPerType: Array<{ type: string; events: number }>;
  /** Category: the part of the stream id before the first '-' (`user-42` → `user`). */
  eventsPerCategory: Array<{ category: string; events: number }>;
  first?: { position: bigint; recordedAt: string };
  last?: { position: bigint; recordedAt: string };
}

const NAME = 'stats';

export const HELP = `Usage: replay-tools stats [--json]

Counts what the event store holds, in one pass over $all: streams (that have
events in $all), events, events per type and per stream category (the part of
the stream id before the first "-"), and the first and last $all position with
their recordedAt.

Options:
  --json   one JSON object (positions as strings)

Examples:
  replay-tools stats
  DATA_DIR=/var/lib/stride replay-tools stats --json`;

/** One forwards pass over `$all`: works the same on every adapter of the port. */
export async function computeStats(store: EventStore): Promise<StoreStats> {
  const streams = new Set<string>();
  const perType = new Map<string, number>();
  const perCategory = new Map<string, number>();
  let events = 0;
  let first: StoreStats['first'];
  let last: StoreStats['last'];
  for await (const event of store.readAll()) {
    events++;
    streams.add(event.streamId);
    perType.set(event.type, (perType.get(event.type) ?? 0) + 1);
    const category = streamCategory(event.streamId);
    perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
    const at = { position: event.position, recordedAt: event.recordedAt };
    first ??= at;
    last = at;
  }
  return {
    streams: streams.size,
    events,
    eventsPerType: sortedCounts(perType).map(([type, count]) => ({ type, events: count })),
    eventsPerCategory: sortedCounts(perCategory).map(([category, count]) => ({ category, events: count })),
    first,
    last,
  };
}

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

function sortedCounts(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

export async function printStats(options: { json?: boolean }, context: CommandContext): Promise<number> {
  const stats = await computeStats(context.store);
  const { out } = context;
  if (options.json) {
    out(toJson({ ...stats, first: stats.first ?? null, last: stats.last ?? null }));
    return 0;
  }
  if (stats.events === 0) out('the event store is empty');
  const at = (point: StoreStats['first']) => (point ? `position ${point.position}  recorded ${point.recordedAt}` : '-');
  for (const line of table([
    ['streams', String(stats.streams)],
    ['events', String(stats.events)],
    ['first', at(stats.first)],
    ['last', at(stats.last)],
  ])) {
    out(line);
  }
  if (stats.eventsPerType.length > 0) {
    out('');
    out('events per type');
    for (const line of table(stats.eventsPerType.map(({ type, events }) => [type, String(events)] as const), '  ')) out(line);
    out('');
    out('events per stream category');
    for (const line of table(stats.eventsPerCategory.map(({ category, events }) => [category, String(events)] as const), '  ')) out(line);
  }
  return 0;
}

export const statsCommand: CommandDefinition = {
  name: NAME,
  summary: 'count streams and events, per type and per stream category',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['json'] });
    expectPositionals(NAME, parsed, []);
    const json = parsed.flag('json');
    return { kind: 'online', command: NAME, followsSignal: false, run: (context) => printStats({ json }, context) };
  },
};
