import { ALL_PROJECTIONS, findProjection } from '../../src/projections';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { RebuildMismatchError, rebuildProjection } from '../../src/projections/rebuild';
import type { RebuildProgress, RebuildReport } from '../../src/projections/rebuild';
import { expectPositionals, parseArgs, UsageError } from '../args';
import type { CommandContext, CommandDefinition, Io, ProgressSink } from '../command';
import { errorLine } from '../command';
import { formatDuration, redact, table, toJson } from '../format';
import { observeSubscriptions } from '../observed-store';

export interface RebuildOptions {
  projection: Projection;
  force?: boolean;
}

const NAME = 'rebuild';

export const HELP = `Usage: replay-tools rebuild <projection> [--force]
       replay-tools rebuild --list

Builds the projection from $all position 0 beside the live read model, brings
both to the same position, checks that every document is equal, then swaps the
rebuilt copy (and its checkpoint) in.

Embedded mode (no MONGO_URL): read models live in a server's memory, so the
live model is first built here the way a server builds it at start; the
rebuild then verifies that a second replay gives the same documents. Nothing
outside this process changes.
With MONGO_URL: the live model is the one in MongoDB that the servers read; a
successful rebuild replaces it. Stop the servers' runner of this projection, or
run it when no events of its types are being written: the swap can race with a
runner that is writing (until projection leases exist).

Options:
  --force   swap even when the rebuilt model differs from the live one (the
            rebuilt one is the truth); the differences are still printed
  --list    list the projections (name, version, event types)

Exit code 1 when the models differ (nothing is swapped without --force).

Examples:
  replay-tools rebuild --list
  replay-tools rebuild user_profiles
  MONGO_URL=mongodb://localhost:27017/stride replay-tools rebuild user_profiles --force`;

export function listProjections(io: Io): number {
  for (const projection of ALL_PROJECTIONS) {
    io.out(`${projection.name}  v${projection.version}`);
    io.out(`  event types  ${projection.eventTypes.join(', ')}`);
    io.out(`  collections  ${projection.collections.join(', ')}`);
  }
  return 0;
}

export async function rebuild(options: RebuildOptions, context: CommandContext): Promise<number> {
  const { store, readStore, out } = context;
  const note = errorLine(context);
  const { projection } = options;
  const inMemory = (context.readModels ?? 'memory') === 'memory';
  let runner = context.liveRunners?.get(projection.name);
  const ownRunner = !runner && inMemory;

  const progress = context.progress ?? { update: note, done: () => undefined };
  if (ownRunner) {
    note(`embedded mode: building the live model of ${projection.name} v${projection.version} in this process first…`);
    runner = await startLiveRunner(context, projection, progress);
  } else if (!runner) {
    note(`live model: ${projection.name} v${projection.version} in the shared read store (a successful rebuild replaces it)`);
  }

  try {
    let report: RebuildReport;
    try {
      report = await rebuildProjection({
        store,
        readStore,
        projection,
        liveRunner: runner,
        force: options.force,
        leaderboards: context.leaderboards,
        onProgress: (p) => progress.update(formatProgress(p)),
      });
    } catch (error) {
      if (!(error instanceof RebuildMismatchError)) throw error;
      progress.done();
      printReport(error.report, out);
      printDifferences(error.report, out);
      out(`FAILED: the rebuilt ${projection.name} differs from the live model; nothing was swapped (--force swaps anyway)`);
      return 1;
    } finally {
      progress.done();
    }
    printReport(report, out);
    if (report.differenceCount > 0) {
      printDifferences(report, out);
      out(
        report.verified
          ? 'swapped despite the differences (--force): the rebuilt model is now live'
          : 'WARNING: the live model was behind the rebuilt one (or absent), so it could not be compared; the rebuilt model replaced it unverified',
      );
    }
    return 0;
  } finally {
    if (ownRunner) await runner?.stop();
  }
}

/** Builds the live model the way a server does at start, reporting the catch-up once a second. */
async function startLiveRunner(context: CommandContext, projection: Projection, progress: ProgressSink): Promise<ProjectionRunner> {
  const started = Date.now();
  const head = await context.store.headPosition();
  let catchingUp = true;
  let lastReport = started;
  let events = 0;
  const store = observeSubscriptions(context.store, (event) => {
    if (!catchingUp) return;
    events++;
    if (Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    progress.update(`live model: position ${event.position}/${head}${percent(event.position, head)}  ${events} events`);
  });
  const runner = new ProjectionRunner(store, context.readStore, projection, { leaderboards: context.leaderboards });
  try {
    await runner.start();
  } finally {
    catchingUp = false;
    progress.done();
  }
  errorLine(context)(`live model caught up at position ${runner.position} in ${formatDuration(Date.now() - started)}`);
  return runner;
}

function percent(position: bigint, head: bigint): string {
  return head > 0n && position >= 0n ? ` (${Number((position * 1000n) / head) / 10}%)` : '';
}

export function formatProgress(p: RebuildProgress): string {
  return `position ${p.position}/${p.head}${percent(p.position, p.head)}  ${p.events} events  ${p.eventsPerSecond} events/s`;
}

function printReport(report: RebuildReport, out: (line: string) => void): void {
  out(`rebuild of ${report.projection} v${report.version}`);
  const rows: Array<[string, string]> = [
    ['events', String(report.events)],
    ['duration', formatDuration(report.durationMs)],
    ['rate', `${report.eventsPerSecond} events/s`],
    ['position', String(report.position)],
    ['documents', String(report.documents)],
    ['differences', report.differenceCount > report.differences.length ? `${report.differenceCount} (the first ${report.differences.length} listed)` : String(report.differenceCount)],
    ['verified', report.verified ? 'yes' : 'no (the live model was behind or absent)'],
    ['swapped', report.swapped ? 'yes' : 'no'],
  ];
  for (const line of table(rows, '  ')) out(line);
}

function printDifferences(report: RebuildReport, out: (line: string) => void): void {
  out('differences (live vs rebuilt):');
  for (const difference of report.differences) {
    out(`  ${difference.collection} / ${difference.id}`);
    out(`    live     ${difference.live === undefined ? '(missing)' : toJson(redact(difference.live))}`);
    out(`    rebuilt  ${difference.rebuilt === undefined ? '(missing)' : toJson(redact(difference.rebuilt))}`);
  }
}

export const rebuildCommand: CommandDefinition = {
  name: NAME,
  summary: 'rebuild a projection from position 0, verify it equals the live one, swap',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['force', 'list'] });
    if (parsed.flag('list')) {
      expectPositionals(NAME, parsed, []);
      if (parsed.flag('force')) throw new UsageError('--list takes no --force', NAME);
      return { kind: 'offline', run: async (io) => listProjections(io) };
    }
    const [name] = expectPositionals(NAME, parsed, ['projection']);
    const projection = findProjection(name);
    if (!projection) {
      throw new UsageError(`unknown projection "${name}"; known projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`, NAME);
    }
    const force = parsed.flag('force');
    return { kind: 'online', command: NAME, followsSignal: false, run: (context) => rebuild({ projection, force }, context) };
  },
};
