import type { EventStore } from '../src/core/event-store';
import type { JobQueue } from '../src/core/job-queue/types';
import type { Leaderboards } from '../src/core/leaderboard';
import type { ReadStore } from '../src/core/read-store';
import type { ProjectionRunner } from '../src/projections/projection-runner';

/** Where a command writes: `out` for results, `err` for notes and errors (defaults to `out`). */
export interface Io {
  out: (line: string) => void;
  err?: (line: string) => void;
}

/** A status line that is rewritten in place on a terminal, or printed once per update elsewhere. */
export interface ProgressSink {
  update(line: string): void;
  /** Ends the status line (the next output starts on a fresh line). */
  done(): void;
}

export interface CommandContext extends Io {
  /** Only the EventStore port is used, so any adapter works (SQLite, EventStoreDB). */
  store: EventStore;
  readStore: ReadStore;
  /** Where leaderboards live (memory or Redis), for the leaderboards projection. */
  leaderboards?: Leaderboards;
  /** The sagas' job queue (BullMQ with REDIS_URL, else the SQLite outbox), for `dead-letters`. */
  jobQueue?: JobQueue;
  /**
   * Where the live read models are. `memory` (embedded mode, the default): they exist only inside
   * a server's process, so `rebuild` first builds them here the way a server does at start.
   * `shared` (MONGO_URL set): the store holds the model the servers use.
   */
  readModels?: 'memory' | 'shared';
  /**
   * Runners already feeding live models in this process, by projection name (e.g. a server's
   * `ProjectionsService.runners`): `rebuild` pauses and reuses them instead of starting its own.
   */
  liveRunners?: ReadonlyMap<string, ProjectionRunner>;
  progress?: ProgressSink;
  /** Aborted on SIGINT: ends `tail --follow`. */
  signal?: AbortSignal;
}

/**
 * A parsed command line, ready to run. Help and listings need no store (`offline`), so the CLI
 * does not open one for them.
 */
export type Invocation =
  | { kind: 'offline'; run(io: Io): Promise<number> }
  | { kind: 'online'; command: string; followsSignal: boolean; run(context: CommandContext): Promise<number> };

export interface CommandDefinition {
  name: string;
  summary: string;
  help: string;
  /** Throws UsageError on bad arguments. */
  parse(args: readonly string[]): Invocation;
}

export function errorLine(io: Io): (line: string) => void {
  return io.err ?? io.out;
}

export function printLines(io: Io, text: string): void {
  for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
}
