import type { EventFilter, RecordedEvent } from '../../src/core/event-store';
import { expectPositionals, nonNegativeBigInt, parseArgs, positiveInteger, UsageError } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { errorLine } from '../command';
import { formatEventJsonLine, formatEventPretty, plural } from '../format';

export interface TailOptions {
  /** Exclusive `$all` position; `end` means the head at start (only new events). Omit for the beginning. */
  from?: bigint | 'end';
  types?: readonly string[];
  streamPrefixes?: readonly string[];
  follow?: boolean;
  limit?: number;
  json?: boolean;
}

const NAME = 'tail';

export const HELP = `Usage: replay-tools tail [--from <position>] [--type T]... [--stream-prefix P]... [--follow] [--limit N] [--json]

Prints events of the global $all log in order, with their metadata and data
(password_hash prints as "[redacted]").

Options:
  --from <position>    start strictly after this $all position (default: the
                       beginning); "end" starts after the current last event
  --type T             only events of type T (repeat for several types)
  --stream-prefix P    only events of streams whose id starts with P, e.g. user-
                       (repeat for several prefixes)
  --follow             after the history, keep printing new events until Ctrl-C
  --limit N            stop after N events
  --json               one JSON object per line (positions as strings)

Types and prefixes combine: an event must match one of the types and one of
the prefixes.

Examples:
  replay-tools tail --type UserRegistered --limit 20
  replay-tools tail --from 1500 --stream-prefix user- --json
  replay-tools tail --from end --follow`;

export async function tailAll(options: TailOptions, context: CommandContext): Promise<number> {
  const { store, out } = context;
  const note = errorLine(context);
  const filter = toFilter(options);
  const after = options.from === 'end' ? await store.headPosition() : options.from;
  const start = after === undefined || after < 0n ? undefined : after;
  let printed = 0;
  const print = (event: RecordedEvent) => {
    if (options.json) {
      out(formatEventJsonLine(event));
    } else {
      if (printed > 0) out('');
      for (const line of formatEventPretty(event)) out(line);
    }
    printed++;
  };

  if (!options.follow) {
    for await (const event of store.readAll({ after: start, maxCount: options.limit, filter })) print(event);
    if (!options.json) out(`(${plural(printed, 'event')})`);
    return 0;
  }

  if (context.signal?.aborted) return 0;
  const subscription = store.subscribeToAll({
    after: start,
    filter,
    onCaughtUp: () => {
      if (!options.json) note(`-- caught up after ${plural(printed, 'event')}; following live (Ctrl-C to stop) --`);
    },
  });
  const stop = () => void subscription.unsubscribe();
  context.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of subscription) {
      if (context.signal?.aborted) break;
      print(event);
      if (options.limit !== undefined && printed >= options.limit) break;
    }
  } finally {
    context.signal?.removeEventListener('abort', stop);
    await subscription.unsubscribe();
  }
  if (!options.json) note(`-- stopped after ${plural(printed, 'event')} --`);
  return 0;
}

function toFilter(options: TailOptions): EventFilter | undefined {
  const filter: EventFilter = {
    ...(options.types && options.types.length > 0 ? { eventTypes: options.types } : {}),
    ...(options.streamPrefixes && options.streamPrefixes.length > 0 ? { streamPrefixes: options.streamPrefixes } : {}),
  };
  return filter.eventTypes || filter.streamPrefixes ? filter : undefined;
}

export const tailCommand: CommandDefinition = {
  name: NAME,
  summary: 'print the $all log from a position, filtered; --follow for live events',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['follow', 'json'], values: ['from', 'limit'], lists: ['type', 'stream-prefix'] });
    expectPositionals(NAME, parsed, []);
    const rawFrom = parsed.value('from');
    const empty = [...parsed.list('type'), ...parsed.list('stream-prefix')].find((v) => v.trim() === '');
    if (empty !== undefined) throw new UsageError('--type and --stream-prefix need a non-empty value', NAME);
    const options: TailOptions = {
      from: rawFrom === 'end' ? 'end' : nonNegativeBigInt(NAME, 'from', rawFrom),
      types: parsed.list('type'),
      streamPrefixes: parsed.list('stream-prefix'),
      follow: parsed.flag('follow'),
      limit: positiveInteger(NAME, 'limit', parsed.value('limit')),
      json: parsed.flag('json'),
    };
    return { kind: 'online', command: NAME, followsSignal: options.follow === true, run: (context) => tailAll(options, context) };
  },
};
