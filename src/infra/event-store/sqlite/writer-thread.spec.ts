import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../../../core/event-store';
import { SqliteEventStore } from './sqlite-event-store';
import { testMetadata } from './testing/event-metadata';

const ROOT = join(__dirname, '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'writer-thread-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The nice value in a /proc stat file (Linux): field 19, counted after the command name, which is in parentheses and may hold spaces. */
function niceIn(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((task) => {
    try {
      return [niceIn(`/proc/self/task/${task}/stat`)];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

function runScript(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(__dirname, 'testing', 'append-and-exit.ts'), file]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the script did not exit by itself: ${output}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the writer thread', () => {
  it('keeps a process alive until its append is committed, then lets it exit', async () => {
    const file = join(dir, 'script.sqlite');
    const { code, output } = await runScript(file);
    expect(output).toContain('appended at');
    expect(code).toBe(0);
    const store = new SqliteEventStore(file);
    expect((await collect(store.readStream('script-1'))).map((e) => e.metadata.eventId)).toEqual(['e-1']);
    await store.close();
  }, 40_000);

  it('starts its thread and the checkpointer\'s at ready(), before the first write', async () => {
    const threadsBefore = threadNiceValues().length;
    const store = new SqliteEventStore(join(dir, 'ready.sqlite'));
    expect(threadNiceValues().length).toBeLessThanOrEqual(threadsBefore);
    await store.ready();
    expect(threadNiceValues().length).toBeGreaterThanOrEqual(threadsBefore + 2);
    await store.appendToStream('ready-1', [{ type: 'Noted', data: {}, metadata: testMetadata('ready-e-1') }]);
    expect((await collect(store.readStream('ready-1'))).map((e) => e.metadata.eventId)).toEqual(['ready-e-1']);
    await store.close();
    await expect(store.ready()).rejects.toThrow('closed');
  });

  it('reads its own writes at once: an acknowledged append is visible to the next read', async () => {
    const store = new SqliteEventStore(join(dir, 'read-your-writes.sqlite'));
    for (let i = 0; i < 20; i++) {
      const result = await store.appendToStream('s', [{ type: 'Noted', data: { i }, metadata: testMetadata(`e-${i}`) }]);
      expect(await store.headPosition()).toBe(result.position);
      expect(await collect(store.readStream('s', { fromRevision: BigInt(i) }))).toHaveLength(1);
    }
    await store.close();
  });

  it('checkpoints on a thread of its own and keeps the WAL short under a steady stream of commits', async () => {
    const file = join(dir, 'checkpointed.sqlite');
    const restartWalAtFrames = 64;
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL', checkpoints: { everyMs: 20, restartWalAtFrames } });
    const walBytes = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    let commits = 0;
    const commitOnce = async () => {
      const commit = commits++;
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.appendToStream(`s-${i}`, [{ type: 'Noted', data: { text: 'x'.repeat(2_000), commit }, metadata: testMetadata(`e-${commit}-${i}`) }]),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // The writer never checkpoints: the database file grows only once the checkpointer thread is up.
    const emptyFileBytes = statSync(file).size;
    while (statSync(file).size === emptyFileBytes) {
      if (commits > 2_000) throw new Error('nothing was checkpointed');
      await commitOnce();
    }
    let longestWal = 0;
    const measured = 80;
    for (let i = 0; i < measured; i++) {
      await commitOnce();
      longestWal = Math.max(longestWal, walBytes());
    }
    // The events alone fill 4 MB of pages, which a WAL nobody checkpoints would hold; this one never
    // held half of that (it restarts at 64 pages, 256 KiB, but a busy machine may keep the
    // checkpointer off the CPU for a while)...
    const eventBytes = measured * 25 * 2_000;
    expect(longestWal).toBeLessThan(eventBytes / 2);
    // ...and once the commits pause, it starts over and its file is cut back at the next commit.
    const cutBack = restartWalAtFrames * 4096 + 64 * 4096;
    for (let waited = 0; walBytes() > cutBack; waited += 50) {
      if (waited > 10_000) throw new Error(`the WAL stayed at ${walBytes()} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.appendToStream('pause', [{ type: 'Noted', data: { waited }, metadata: testMetadata(`p-${waited}`) }]);
    }
    expect((await collect(store.readStream('s-7'))).map((e) => (e.data as { commit: number }).commit)).toEqual(Array.from({ length: commits }, (_, i) => i));
    await store.close();
  });

  it('starts the WAL over while commits never pause, without a checkpoint that holds them back', async () => {
    const file = join(dir, 'never-idle.sqlite');
    const restartWalAtFrames = 64;
    // No RESTART checkpoint at all: only the writer's own start-over can keep this WAL short. The
    // checkpointer at the process's priority: at its usual nice 10, other processes keeping the
    // machine's cores busy (a CI neighbour) can starve it until the WAL grows whatever the writer
    // does, which is what that priority is for, but not what this test is about.
    const store = new SqliteEventStore(file, {
      synchronous: 'NORMAL',
      checkpoints: { everyMs: 10, restartWalAtFrames, forceRestartAtFrames: Number.MAX_SAFE_INTEGER, nice: 0 },
    });
    const walBytes = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    const warmUpCommits = 300;
    const commitsToMake = 1_500;
    let commits = 0;
    const walSizes: number[] = [];
    // Three commits in flight at all times: the writer always has the next one waiting.
    const keepCommitting = async (lane: number) => {
      while (commits < commitsToMake) {
        const commit = commits++;
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.appendToStream(`s-${lane}-${i}`, [{ type: 'Noted', data: { text: 'x'.repeat(2_000), commit }, metadata: testMetadata(`e-${commit}-${i}`) }]),
          ),
        );
        if (commit >= warmUpCommits) walSizes.push(walBytes());
      }
    };
    await Promise.all([0, 1, 2].map(keepCommitting));
    // After the warm-up, the events fill 12 MB of pages, which a WAL that never starts over would
    // hold (more than half of it, with the indexes, on the median commit); this one starts over at
    // 64 pages (256 KiB), give or take what was committed while the checkpointer caught up (a few
    // hundred pages; more on a busy machine, where the checkpointer waits for the CPU).
    const measuredEventBytes = (commitsToMake - warmUpCommits) * 5 * 2_000;
    const medianWal = walSizes.sort((a, b) => a - b)[Math.floor(walSizes.length / 2)];
    expect(medianWal).toBeLessThan(measuredEventBytes / 2);
    const lanes = await Promise.all([0, 1, 2].map((lane) => collect(store.readStream(`s-${lane}-4`))));
    expect(lanes.reduce((sum, events) => sum + events.length, 0)).toBe(commitsToMake);
    await store.close();
  });

  const processNice = () => niceIn('/proc/self/stat');
  (process.platform === 'linux' && processNice() < 10 ? it : it.skip).each([
    [10, {}],
    [15, { checkpoints: { nice: 15 } }],
  ])('copies the WAL on a thread that waits for the CPU behind the others, at nice %p', async (threadNice, options) => {
    const nice = processNice();
    const before = threadNiceValues().filter((value) => value === threadNice).length;
    const store = new SqliteEventStore(join(dir, `nice-${threadNice}.sqlite`), options);
    await store.appendToStream('s', [{ type: 'Noted', data: {}, metadata: testMetadata('e-1') }]);
    for (let waited = 0; threadNiceValues().filter((value) => value === threadNice).length === before; waited += 20) {
      if (waited > 5_000) throw new Error(`no thread of this process runs at nice ${threadNice}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The process itself (the event loop) keeps its priority.
    expect(processNice()).toBe(nice);
    await store.close();
  });
});
