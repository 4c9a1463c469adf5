import { CommandFailure, UsageError, wantsHelp } from './args';
import type { CommandContext, CommandDefinition, Invocation, Io } from './command';
import { errorLine, printLines } from './command';
import { deadLettersCommand } from './commands/dead-letters';
import { fraudReviewCommand } from './commands/fraud-review';
import { inspectCommand } from './commands/inspect';
import { rebuildCommand } from './commands/rebuild';
import { statsCommand } from './commands/stats';
import { tailCommand } from './commands/tail';

export const COMMANDS: readonly CommandDefinition[] = [rebuildCommand, inspectCommand, tailCommand, statsCommand, fraudReviewCommand, deadLettersCommand];

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run replay -- <command> [args]      (or: node dist/replay-tools/cli.js <command> [args])',
    '',
    'Tools for analysts and auditors over the event store chosen by the settings',
    '(SQLite in DATA_DIR, or EventStoreDB with ESDB_URL; read models in memory, or MongoDB with MONGO_URL).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "<command> --help" for its options. Exit codes: 0 success, 1 failure, 2 bad usage.',
  ].join('\n');
}

function offline(text: string, code = EXIT_OK): Invocation {
  return {
    kind: 'offline',
    run: async (io) => {
      if (code === EXIT_OK) printLines(io, text);
      else printLines({ out: errorLine(io) }, text);
      return code;
    },
  };
}

/** Turns argv (without node and the script) into something to run; throws UsageError on bad usage. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [name, ...args] = argv;
  if (name === undefined) return offline(generalHelp(), EXIT_USAGE);
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? args[0] : undefined;
    if (topic === undefined) return offline(generalHelp());
    return offline(findCommand(topic).help);
  }
  const command = findCommand(name);
  if (wantsHelp(args)) return offline(command.help);
  return command.parse(args);
}

function findCommand(name: string): CommandDefinition {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return command;
}

/** Prints a usage error the way every command does, and gives its exit code. */
export function reportUsageError(error: UsageError, io: Io): number {
  const err = errorLine(io);
  err(`error: ${error.message}`);
  err(error.command ? `run "replay-tools ${error.command} --help" for its usage` : 'run "replay-tools --help" for the commands');
  return EXIT_USAGE;
}

/** Runs a command, turning its failures into exit code 1 (2 for a late usage error) with a message. */
export async function guarded(io: Io, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error, io);
    const err = errorLine(io);
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof CommandFailure) && error instanceof Error && error.stack && process.env.REPLAY_DEBUG) err(error.stack);
    return EXIT_FAILURE;
  }
}

/** The whole command line against an open store: what `cli.ts` does, minus opening and closing it. */
export async function dispatch(argv: readonly string[], context: CommandContext): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error, context);
    throw error;
  }
  return guarded(context, () => invocation.run(context));
}
