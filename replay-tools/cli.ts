import { loadSettings, SettingsError } from '../src/config/settings';
import type { Settings } from '../src/config/settings';
import { openRuntime } from '../src/infra/runtime';
import type { Runtime } from '../src/infra/runtime';
import { UsageError } from './args';
import type { CommandContext, Invocation, Io, ProgressSink } from './command';
import { EXIT_FAILURE, EXIT_USAGE, guarded, parseCommandLine, reportUsageError } from './dispatch';

/**
 * Entry point of `npm run replay -- <command> [args]`: parses the command line, loads the
 * settings, opens the event store and read store they choose, runs the command, closes them.
 */
async function main(argv: readonly string[]): Promise<number> {
  const io: Io = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  };
  let invocation: Invocation;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error, io);
    throw error;
  }
  if (invocation.kind === 'offline') return guarded(io, () => invocation.run(io));

  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    io.err?.(`error: ${error.message}`);
    return EXIT_USAGE;
  }
  let runtime: Runtime;
  try {
    runtime = await openRuntime(settings);
  } catch (error) {
    io.err?.(`error: cannot open the stores: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
  try {
    // Fail fast with a clear message rather than retrying against an unreachable server.
    await runtime.eventStore.ping();
    await runtime.readStore.ping();
  } catch (error) {
    await runtime.close().catch(() => undefined);
    io.err?.(`error: cannot open the stores: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
  const abort = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.err?.('stopping… (Ctrl-C again to quit at once)');
    abort.abort();
  };
  // Only a command that stops on the signal keeps Ctrl-C from ending the process at once.
  if (invocation.followsSignal) process.on('SIGINT', onInterrupt);
  try {
    const context: CommandContext = {
      ...io,
      store: runtime.eventStore,
      readStore: runtime.readStore,
      leaderboards: runtime.leaderboards,
      jobQueue: runtime.jobQueue,
      readModels: settings.mongoUrl ? 'shared' : 'memory',
      progress: progressSink(process.stderr),
      signal: abort.signal,
    };
    return await guarded(io, () => invocation.run(context));
  } finally {
    process.off('SIGINT', onInterrupt);
    await runtime.close();
  }
}

/** On a terminal the status line is rewritten in place; elsewhere each update is its own line. */
function progressSink(stream: NodeJS.WriteStream): ProgressSink {
  let open = false;
  return {
    update(line) {
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        open = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A client that keeps a handle open must not keep a finished command alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    const detail = error instanceof Error ? (process.env.REPLAY_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`error: ${detail}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 2000).unref();
  },
);
