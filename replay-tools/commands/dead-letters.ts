import type { DeadJob, JobQueue } from '../../src/core/job-queue/types';
import { CommandFailure, expectPositionals, parseArgs, UsageError } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { plural, redact, table, toJson } from '../format';

const NAME = 'dead-letters';

export const HELP = `Usage: replay-tools dead-letters [--type <type>] [--json]
       replay-tools dead-letters retry <id>

Lists the jobs of the sagas' job queue (push messages, webhooks, store API
calls) that failed their last attempt, oldest failure first: id, type,
attempts, when the last attempt failed, its error, and the payload. The queue
is BullMQ on Redis when REDIS_URL is set, else the SQLite outbox in
DATA_DIR/events.sqlite.

"retry <id>" puts one dead job back in the queue with fresh attempts; a worker
(a running server) picks it up: at once with BullMQ, within its poll interval
(0.5 s) with the SQLite outbox. The id is the job's idempotency key, so the
handler, and whatever it calls, sees the same id again.

Options:
  --type <type>   only the dead jobs of this job type
  --json          one JSON object per dead job, one per line (for jq)

Exit codes: 0 listed or retried, 1 no dead job has that id (or the queue is
unreachable), 2 bad usage.

Examples:
  replay-tools dead-letters
  replay-tools dead-letters --type push-delivery --json | jq .lastError
  replay-tools dead-letters retry 3f1c2a52-3b0e-4f43-9a7d-2f4b8c1d9e60`;

export interface DeadLettersOptions {
  type?: string;
  json?: boolean;
}

/** A dead job as the tools print it: payload fields named like credentials are redacted. */
export function deadJobToJson(job: DeadJob): DeadJob {
  return { id: job.id, type: job.type, attempts: job.attempts, failedAt: job.failedAt, lastError: job.lastError, payload: redact(job.payload) };
}

function requireQueue(context: CommandContext): JobQueue {
  if (!context.jobQueue) throw new CommandFailure('no job queue is configured for this command');
  return context.jobQueue;
}

export async function listDeadLetters(options: DeadLettersOptions, context: CommandContext): Promise<number> {
  const dead = await requireQueue(context).deadLetters(options.type);
  const { out } = context;
  if (options.json) {
    for (const job of dead) out(toJson(deadJobToJson(job)));
    return 0;
  }
  const scope = options.type === undefined ? '' : ` of type ${options.type}`;
  if (dead.length === 0) {
    out(`no dead jobs${scope}`);
    return 0;
  }
  out(`${plural(dead.length, 'dead job')}${scope}`);
  for (const job of dead) {
    out('');
    out(job.id);
    const [firstLine = '', ...moreLines] = job.lastError.split('\n');
    for (const line of table([
      ['type', job.type],
      ['attempts', String(job.attempts)],
      ['failedAt', job.failedAt],
      ['lastError', firstLine],
    ], '  ')) {
      out(line);
    }
    for (const line of moreLines) out(`             ${line}`);
    out(`  payload    ${toJson(redact(job.payload))}`);
  }
  out('');
  out(`retry one with: replay-tools dead-letters retry <id>`);
  return 0;
}

export async function retryDeadLetter(id: string, context: CommandContext): Promise<number> {
  if (!(await requireQueue(context).retryDead(id))) {
    throw new CommandFailure(`no dead job has the id "${id}" (see replay-tools dead-letters)`);
  }
  context.out(`job ${id} is back in the queue with fresh attempts`);
  return 0;
}

export const deadLettersCommand: CommandDefinition = {
  name: NAME,
  summary: 'list the jobs that failed their last attempt; retry one',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['json'], values: ['type'] });
    if (parsed.positionals[0] === 'retry') {
      const [, id] = expectPositionals(NAME, parsed, ['action', 'id']);
      if (id === '') throw new UsageError('<id> must not be empty', NAME);
      if (parsed.value('type') !== undefined || parsed.flag('json')) throw new UsageError('retry takes no options', NAME);
      return { kind: 'online', command: NAME, followsSignal: false, run: (context) => retryDeadLetter(id, context) };
    }
    if (parsed.positionals.length > 0) {
      throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (the only action is "retry <id>")`, NAME);
    }
    const type = parsed.value('type');
    if (type === '') throw new UsageError('--type needs a non-empty value', NAME);
    const options: DeadLettersOptions = { type, json: parsed.flag('json') };
    return { kind: 'online', command: NAME, followsSignal: false, run: (context) => listDeadLetters(options, context) };
  },
};
