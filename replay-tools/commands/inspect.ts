import type { RecordedEvent } from '../../src/core/event-store';
import { CommandFailure, expectPositionals, nonNegativeBigInt, parseArgs, positiveInteger } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { errorLine } from '../command';
import { formatEventJsonLine, formatEventPretty, plural } from '../format';

export interface InspectOptions {
  stream: string;
  /** Inclusive revision to start from. */
  fromRevision?: bigint;
  backwards?: boolean;
  limit?: number;
  json?: boolean;
}

const NAME = 'inspect';

export const HELP = `Usage: replay-tools inspect <stream> [--from <revision>] [--backwards] [--limit N] [--json]

Prints the events of one stream: revision, $all position, type, recordedAt, every
metadata field (eventId, correlationId, causationId, actorId, occurredAt,
schemaVersion, requestId) and the data. Credential fields (password_hash) print
as "[redacted]".

Options:
  --from <revision>  start at this stream revision (inclusive; default: the first
                     event, or the last one with --backwards)
  --backwards        newest first
  --limit N          print at most N events
  --json             one JSON object per line (revisions and positions as strings)

Exit code 1 when the stream does not exist (never written, or deleted).

Examples:
  replay-tools inspect user-6c0e2b4e-1f7a-4d7b-9a51-0d4f3c2b1a90
  replay-tools inspect user-6c0e2b4e-1f7a-4d7b-9a51-0d4f3c2b1a90 --backwards --limit 1 --json`;

export async function inspectStream(options: InspectOptions, context: CommandContext): Promise<number> {
  const { store, out } = context;
  const direction = options.backwards ? 'backwards' : 'forwards';
  let printed = 0;
  for await (const event of store.readStream(options.stream, { direction, fromRevision: options.fromRevision, maxCount: options.limit })) {
    print(event, printed, options, out);
    printed++;
  }
  if (printed === 0) {
    if (!(await streamExists(context, options.stream))) {
      throw new CommandFailure(`stream "${options.stream}" not found: it has no events (never written, or deleted)`);
    }
    errorLine(context)(`stream "${options.stream}" has no events from revision ${options.fromRevision} going ${direction}`);
    return 0;
  }
  if (!options.json) out(`(${plural(printed, 'event')} of ${options.stream})`);
  return 0;
}

function print(event: RecordedEvent, index: number, options: InspectOptions, out: (line: string) => void): void {
  if (options.json) {
    out(formatEventJsonLine(event));
    return;
  }
  if (index > 0) out('');
  for (const line of formatEventPretty(event)) out(line);
}

async function streamExists(context: CommandContext, stream: string): Promise<boolean> {
  for await (const _event of context.store.readStream(stream, { maxCount: 1 })) return true;
  return false;
}

export const inspectCommand: CommandDefinition = {
  name: NAME,
  summary: 'print the events of one stream, with metadata',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['backwards', 'json'], values: ['from', 'limit'] });
    const [stream] = expectPositionals(NAME, parsed, ['stream']);
    const options: InspectOptions = {
      stream,
      fromRevision: nonNegativeBigInt(NAME, 'from', parsed.value('from')),
      backwards: parsed.flag('backwards'),
      limit: positiveInteger(NAME, 'limit', parsed.value('limit')),
      json: parsed.flag('json'),
    };
    return { kind: 'online', command: NAME, followsSignal: false, run: (context) => inspectStream(options, context) };
  },
};
