import { randomUUID } from 'node:crypto';
import type { Job, JobCounts, JobQueue, JobQueueOptions, JobSpec } from '../../core/job-queue/types';

export interface JobQueueContractOptions {
  /**
   * Opens another JobQueue on the storage of `previous` (the same file, the same Redis prefix),
   * as the next process would after a restart.
   * - `closed`: `previous` was closed normally.
   * - `crash`: first make `previous` die the way a process does, in the middle of a job: its
   *   worker stops at once, records nothing more, and the handler's outcome is lost.
   * Without it the restart and crash behaviours are not checked.
   */
  restart?: (previous: JobQueue, mode: 'closed' | 'crash') => Promise<JobQueue>;
  /** How long the adapter may take to run an interrupted job again after a crash (leases, stalled checks). 15 s by default. */
  recoveryTimeoutMs?: number;
}

/** The backoff every queue of the suite is opened with (small, so retries are quick). */
export const CONTRACT_BACKOFF_MS = 20;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * The behaviour every JobQueue adapter must have. `open` must give a queue on storage of its
 * own (a fresh file, a fresh Redis prefix), opened with the options it is given; each test opens
 * its own queue and the suite closes them all.
 */
export function describeJobQueueContract(
  adapterName: string,
  open: (options: JobQueueOptions) => Promise<JobQueue>,
  contract: JobQueueContractOptions = {},
): void {
  describe(`JobQueue contract: ${adapterName}`, () => {
    const run = randomUUID().slice(0, 8);
    let n = 0;
    const typeName = (label: string) => `${label}-${run}-${++n}`;
    const opened: JobQueue[] = [];
    const recoveryTimeoutMs = contract.recoveryTimeoutMs ?? 15_000;
    /** Released after each test, so that handlers parked on it let their queue close. */
    let gates: Array<Deferred<void>> = [];
    const gate = () => {
      const g = deferred();
      gates.push(g);
      return g;
    };

    async function openQueue(): Promise<JobQueue> {
      const queue = await open({ backoffMs: CONTRACT_BACKOFF_MS, maxBackoffMs: 1_000 });
      opened.push(queue);
      return queue;
    }

    async function restart(previous: JobQueue, mode: 'closed' | 'crash'): Promise<JobQueue> {
      if (!contract.restart) throw new Error('no restart hook');
      const next = await contract.restart(previous, mode);
      opened.push(next);
      return next;
    }

    const emptyCounts: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 };

    afterEach(async () => {
      for (const g of gates) g.resolve();
      gates = [];
      await Promise.all(opened.splice(0).map((queue) => queue.close()));
    });

    it('hands a job to its handler once, with its id, type, payload, attempt 1 and the default maxAttempts', async () => {
      const queue = await openQueue();
      const type = typeName('once');
      const seen: Job[] = [];
      queue.process(type, async (job) => void seen.push(job));
      const payload = { user: 'u-1', nested: { list: [1, 'two', null, true] }, text: 'ünïcødé ✓' };
      await queue.enqueue({ id: 'job-1', type, payload });
      await queue.drained(10_000);
      expect(seen).toEqual([{ id: 'job-1', type, payload, attempt: 1, maxAttempts: 8 }]);
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1 });
    });

    it('accepts any non-empty string as an id and gives it back unchanged', async () => {
      const queue = await openQueue();
      const type = typeName('ids');
      const ids = ['42', '-1', '0', 'meta', 'id', 'wait', 'events', 'a:b', 'a:b:c', 'x%3Ay', '%', '#hash', 'spaces and ünï ✓', 'push/42'];
      const seen: string[] = [];
      queue.process(type, async (job) => void seen.push(job.id), { concurrency: 4 });
      await queue.enqueue(ids.map((id) => ({ id, type, payload: { id } })));
      await queue.drained(10_000);
      expect(seen.sort()).toEqual([...ids].sort());
      await queue.enqueue(ids.map((id) => ({ id, type, payload: { id } })));
      await queue.drained(10_000);
      expect(seen).toHaveLength(ids.length);
      expect((await queue.counts()).completed).toBe(ids.length);
    });

    it('routes a batch of several types to their handlers', async () => {
      const queue = await openQueue();
      const [push, mail] = [typeName('push'), typeName('mail')];
      const seen: string[] = [];
      queue.process(push, async (job) => void seen.push(`push ${job.id}`));
      queue.process(mail, async (job) => void seen.push(`mail ${job.id}`));
      await queue.enqueue([
        { id: 'p-1', type: push, payload: 1 },
        { id: 'm-1', type: mail, payload: 2 },
        { id: 'p-2', type: push, payload: 3 },
      ]);
      await queue.drained(10_000);
      expect(seen.sort()).toEqual(['mail m-1', 'push p-1', 'push p-2']);
    });

    it('handles an id enqueued twice once: in one batch, in concurrent calls, and again after it completed', async () => {
      const queue = await openQueue();
      const type = typeName('dedupe');
      const seen: Array<{ id: string; payload: unknown }> = [];
      const spec: JobSpec = { id: 'dup-1', type, payload: 'first' };
      await Promise.all([queue.enqueue([spec, spec]), queue.enqueue(spec), queue.enqueue({ ...spec })]);
      expect((await queue.counts()).waiting).toBe(1);
      queue.process(type, async (job) => void seen.push({ id: job.id, payload: job.payload }));
      await queue.drained(10_000);
      await queue.enqueue({ ...spec, payload: 'second' });
      await queue.drained(10_000);
      await sleep(50);
      expect(seen).toEqual([{ id: 'dup-1', payload: 'first' }]);
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1 });
    });

    it('takes a large batch in one enqueue, each job once, and records the outcomes of jobs finishing together one by one', async () => {
      const queue = await openQueue();
      const type = typeName('bulk');
      const seen = new Map<string, number>();
      const release = gate();
      queue.process(
        type,
        async (job) => {
          seen.set(job.id, (seen.get(job.id) ?? 0) + 1);
          // Jobs are claimed together and finish together: done, retried once, or dead.
          await release.promise;
          if (job.id.endsWith('-dead')) throw new Error('dead on arrival');
          if (job.id.endsWith('-retry') && job.attempt === 1) throw new Error('once');
        },
        { concurrency: 16 },
      );
      const ids = Array.from({ length: 2_000 }, (_, i) => `bulk-${i}${i % 100 === 0 ? '-dead' : i % 100 === 1 ? '-retry' : ''}`);
      await queue.enqueue(ids.map((id) => ({ id, type, payload: { id }, maxAttempts: id.endsWith('-dead') ? 1 : 3 })));
      release.resolve();
      await queue.drained(30_000);
      expect(seen.size).toBe(ids.length);
      for (const id of ids) expect([id, seen.get(id)]).toEqual([id, id.endsWith('-retry') ? 2 : 1]);
      expect((await queue.deadLetters(type)).map((dead) => dead.id).sort()).toEqual(ids.filter((id) => id.endsWith('-dead')).sort());
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1_980, dead: 20 });
    });

    it('does not run a dead job again when its id is enqueued again', async () => {
      const queue = await openQueue();
      const type = typeName('dead-dedupe');
      let calls = 0;
      queue.process(type, async () => {
        calls++;
        throw new Error('always');
      });
      await queue.enqueue({ id: 'dead-1', type, payload: null, maxAttempts: 1 });
      await queue.drained(10_000);
      await queue.enqueue({ id: 'dead-1', type, payload: null, maxAttempts: 5 });
      await queue.drained(10_000);
      await sleep(50);
      expect(calls).toBe(1);
      expect((await queue.deadLetters(type)).map((dead) => dead.id)).toEqual(['dead-1']);
      expect(await queue.counts()).toEqual({ ...emptyCounts, dead: 1 });
    });

    it('retries a failing handler with attempts 1..n after a growing backoff, and handles it once when it recovers', async () => {
      const queue = await openQueue();
      const type = typeName('flaky');
      const attempts: Array<{ attempt: number; maxAttempts: number; at: number }> = [];
      let successes = 0;
      queue.process(type, async (job) => {
        attempts.push({ attempt: job.attempt, maxAttempts: job.maxAttempts, at: performance.now() });
        if (job.attempt <= 3) throw new Error(`boom ${job.attempt}`);
        successes++;
      });
      await queue.enqueue({ id: 'flaky-1', type, payload: { n: 1 }, maxAttempts: 5 });
      await queue.drained(10_000);
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      expect(attempts.every((a) => a.maxAttempts === 5)).toBe(true);
      expect(successes).toBe(1);
      // After failed attempt k the job waits backoffMs · 2^(k-1): 20, 40, 80 ms (timers may round down by a ms).
      for (let k = 1; k <= 3; k++) {
        expect(attempts[k].at - attempts[k - 1].at).toBeGreaterThanOrEqual(CONTRACT_BACKOFF_MS * 2 ** (k - 1) - 2);
      }
      expect(await queue.deadLetters()).toEqual([]);
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1 });
    });

    it('waits the retryAfterMs a failure carries when it is longer than the backoff, and ignores one that is not a number', async () => {
      const queue = await openQueue();
      const type = typeName('retry-after');
      const starts: number[] = [];
      queue.process(type, async (job) => {
        starts.push(performance.now());
        if (job.attempt === 1) throw Object.assign(new Error('the store is unavailable'), { retryAfterMs: 1_000 });
        if (job.attempt === 2) throw Object.assign(new Error('a hint that is not a number'), { retryAfterMs: 'soon' });
      });
      await queue.enqueue({ id: 'retry-after-1', type, payload: null, maxAttempts: 3 });
      await queue.drained(10_000);
      expect(starts).toHaveLength(3);
      expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(1_000 - 2);
      // After attempt 2 the backoff applies: backoffMs · 2 = 40 ms, far less than the first wait.
      expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(CONTRACT_BACKOFF_MS * 2 - 2);
      expect(starts[2] - starts[1]).toBeLessThan(1_000);
    });

    it('puts a job that fails every attempt in the dead letters with its last error and attempt count', async () => {
      const queue = await openQueue();
      const [type, other] = [typeName('doomed'), typeName('other')];
      const calls: number[] = [];
      const before = Date.now();
      queue.process(type, async (job) => {
        calls.push(job.attempt);
        if (job.id === 'doomed-2') throw 'a plain string';
        throw new Error(`failure ${job.attempt}`);
      });
      queue.process(other, async () => undefined);
      await queue.enqueue([
        { id: 'doomed-1', type, payload: { why: 'test' }, maxAttempts: 3 },
        { id: 'doomed-2', type, payload: ['x'], maxAttempts: 1 },
        { id: 'fine-1', type: other, payload: null },
      ]);
      await queue.drained(10_000);
      expect(calls.sort()).toEqual([1, 1, 2, 3]);
      const dead = await queue.deadLetters(type);
      expect(dead.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'doomed-1', type, payload: { why: 'test' }, attempts: 3, lastError: 'failure 3', failedAt: expect.any(String) },
        { id: 'doomed-2', type, payload: ['x'], attempts: 1, lastError: 'a plain string', failedAt: expect.any(String) },
      ]);
      for (const job of dead) {
        expect(new Date(job.failedAt).toISOString()).toBe(job.failedAt);
        expect(Date.parse(job.failedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(job.failedAt)).toBeLessThanOrEqual(Date.now() + 1000);
      }
      expect(await queue.deadLetters(other)).toEqual([]);
      expect((await queue.deadLetters()).map((job) => job.id).sort()).toEqual(['doomed-1', 'doomed-2']);
      expect(await queue.deadLetters('no-such-type')).toEqual([]);
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1, dead: 2 });
    });

    it('puts a dead job back with fresh attempts on retryDead; it can then succeed', async () => {
      const queue = await openQueue();
      const type = typeName('revive');
      const calls: number[] = [];
      let healthy = false;
      queue.process(type, async (job) => {
        calls.push(job.attempt);
        if (!healthy) throw new Error('downstream down');
      });
      await queue.enqueue({ id: 'revive-1', type, payload: { keep: 'me' }, maxAttempts: 2 });
      await queue.drained(10_000);
      expect(calls).toEqual([1, 2]);
      expect(await queue.retryDead('no-such-job')).toBe(false);
      healthy = true;
      expect(await queue.retryDead('revive-1')).toBe(true);
      await queue.drained(10_000);
      expect(calls).toEqual([1, 2, 1]);
      expect(await queue.deadLetters()).toEqual([]);
      expect(await queue.counts()).toEqual({ ...emptyCounts, completed: 1 });
      expect(await queue.retryDead('revive-1')).toBe(false); // done, not dead
    });

    it('gives retryDead false for a job that is waiting, not dead', async () => {
      const queue = await openQueue();
      const type = typeName('idle');
      await queue.enqueue({ id: 'waiting-1', type, payload: null });
      expect(await queue.retryDead('waiting-1')).toBe(false);
      expect(await queue.counts()).toEqual({ ...emptyCounts, waiting: 1 });
    });

    it('keeps a job with a future runAt delayed until then, and runs one with a past runAt at once', async () => {
      const queue = await openQueue();
      const type = typeName('later');
      const handledAt = new Map<string, number>();
      queue.process(type, async (job) => void handledAt.set(job.id, Date.now()));
      const runAt = Date.now() + 1_500;
      await queue.enqueue([
        { id: 'later-1', type, payload: null, runAt },
        { id: 'past-1', type, payload: null, runAt: Date.now() - 60_000 },
      ]);
      await eventually(() => handledAt.has('past-1'), 5_000, 'the job due in the past');
      expect(handledAt.has('later-1')).toBe(false);
      expect(await queue.counts()).toMatchObject({ delayed: 1, completed: 1 });
      await queue.drained(10_000);
      expect(handledAt.get('later-1')).toBeGreaterThanOrEqual(runAt - 5);
    });

    it('runs at most `concurrency` jobs of a type at once (1 by default)', async () => {
      const queue = await openQueue();
      const [wide, narrow] = [typeName('wide'), typeName('narrow')];
      const inFlight = { [wide]: 0, [narrow]: 0 };
      const peak = { [wide]: 0, [narrow]: 0 };
      const release = gate();
      const track = (type: string) => async () => {
        inFlight[type]++;
        peak[type] = Math.max(peak[type], inFlight[type]);
        await release.promise;
        await sleep(5);
        inFlight[type]--;
      };
      queue.process(wide, track(wide), { concurrency: 3 });
      queue.process(narrow, track(narrow));
      await queue.enqueue(Array.from({ length: 7 }, (_, i) => ({ id: `wide-${i}`, type: wide, payload: i })));
      await queue.enqueue(Array.from({ length: 3 }, (_, i) => ({ id: `narrow-${i}`, type: narrow, payload: i })));
      await eventually(() => inFlight[wide] === 3 && inFlight[narrow] === 1, 5_000, 'three wide and one narrow job in flight');
      await sleep(100);
      expect(await queue.counts()).toMatchObject({ active: 4, waiting: 6 });
      release.resolve();
      await queue.drained(10_000);
      expect(peak).toEqual({ [wide]: 3, [narrow]: 1 });
      expect((await queue.counts()).completed).toBe(10);
    });

    it('counts waiting, active, delayed, completed and dead jobs', async () => {
      const queue = await openQueue();
      const [busy, done, doomed, idle] = [typeName('busy'), typeName('done'), typeName('doomed'), typeName('idle')];
      const release = gate();
      const started = deferred();
      queue.process(busy, async () => {
        started.resolve();
        await release.promise;
      });
      queue.process(done, async () => undefined);
      queue.process(doomed, async () => {
        throw new Error('no');
      });
      expect(await queue.counts()).toEqual(emptyCounts);
      await queue.enqueue([
        { id: 'busy-1', type: busy, payload: null },
        { id: 'done-1', type: done, payload: null },
        { id: 'doomed-1', type: doomed, payload: null, maxAttempts: 1 },
        { id: 'idle-1', type: idle, payload: null },
        { id: 'idle-2', type: idle, payload: null },
        { id: 'idle-3', type: idle, payload: null, runAt: Date.now() + 3_600_000 },
      ]);
      await started.promise;
      const expected = { waiting: 2, active: 1, delayed: 1, completed: 1, dead: 1 };
      // The done and dead jobs settle on their own time; wait for them, then compare exactly.
      let counts = await queue.counts();
      for (const deadline = Date.now() + 5_000; counts.completed + counts.dead < 2 && Date.now() < deadline; ) {
        await sleep(10);
        counts = await queue.counts();
      }
      expect(counts).toEqual(expected);
      release.resolve();
      await eventually(async () => (await queue.counts()).completed === 2, 5_000, 'the busy job to complete');
    });

    it('resolves drained at once when idle, waits for jobs, and rejects after its timeout', async () => {
      const queue = await openQueue();
      const type = typeName('drain');
      await queue.drained(1_000);
      const release = gate();
      let finished = false;
      queue.process(type, async () => {
        await release.promise;
        finished = true;
      });
      await queue.enqueue({ id: 'drain-1', type, payload: null });
      await expect(queue.drained(150)).rejects.toThrow(/drain/);
      release.resolve();
      await queue.drained(10_000);
      expect(finished).toBe(true);
    });

    it('lets an active job finish on close, then refuses new work', async () => {
      const queue = await openQueue();
      const type = typeName('closing');
      const started = deferred();
      const events: string[] = [];
      queue.process(type, async () => {
        started.resolve();
        await sleep(300);
        events.push('handler finished');
      });
      await queue.enqueue({ id: 'closing-1', type, payload: null });
      await started.promise;
      await queue.close();
      events.push('closed');
      expect(events).toEqual(['handler finished', 'closed']);
      await expect(queue.enqueue({ id: 'closing-2', type, payload: null })).rejects.toThrow();
      await queue.close(); // twice is fine

      if (!contract.restart) return;
      const next = await restart(queue, 'closed');
      let again = 0;
      next.process(type, async () => void again++);
      expect(await next.counts()).toEqual({ ...emptyCounts, completed: 1 });
      await next.enqueue({ id: 'closing-1', type, payload: null });
      await next.drained(10_000);
      expect(again).toBe(0);
    });

    it('keeps one handler per type', async () => {
      const queue = await openQueue();
      const type = typeName('single');
      queue.process(type, async () => undefined);
      expect(() => queue.process(type, async () => undefined)).toThrow();
    });

    it('rejects a batch with a bad spec without enqueueing any of it', async () => {
      const queue = await openQueue();
      const type = typeName('bad');
      await expect(
        queue.enqueue([
          { id: 'good-1', type, payload: null },
          { id: '', type, payload: null },
        ]),
      ).rejects.toThrow(/id/);
      await expect(queue.enqueue({ id: 'good-2', type, payload: null, maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
      expect(await queue.counts()).toEqual(emptyCounts);
    });

    it('answers ping', async () => {
      const queue = await openQueue();
      await expect(queue.ping()).resolves.toBeUndefined();
    });

    const withRestart = contract.restart ? it : it.skip;

    withRestart('keeps an enqueued job across a restart and runs it in the next process', async () => {
      const queue = await openQueue();
      const type = typeName('durable');
      await queue.enqueue({ id: 'durable-1', type, payload: { kept: true } });
      await queue.close();
      const next = await restart(queue, 'closed');
      const seen: unknown[] = [];
      next.process(type, async (job) => void seen.push(job.payload));
      await next.drained(10_000);
      expect(seen).toEqual([{ kept: true }]);
    });

    withRestart('runs a job again, to completion, after its process died in the middle of it', async () => {
      const queue = await openQueue();
      const type = typeName('crash');
      const firstStarted = deferred();
      const abandoned = gate();
      const runs: Array<{ worker: string; attempt: number; payload: unknown }> = [];
      queue.process(type, async (job) => {
        runs.push({ worker: 'crashed', attempt: job.attempt, payload: job.payload });
        firstStarted.resolve();
        await abandoned.promise; // never finishes while its process is "alive"
      });
      await queue.enqueue({ id: 'crash-1', type, payload: { important: true }, maxAttempts: 3 });
      await firstStarted.promise;

      const next = await restart(queue, 'crash');
      next.process(type, async (job) => {
        runs.push({ worker: 'restarted', attempt: job.attempt, payload: job.payload });
      });
      await eventually(async () => (await next.counts()).completed === 1, recoveryTimeoutMs, 'the interrupted job to complete');
      await next.drained(10_000);

      // The dead process's handler returning late changes nothing.
      abandoned.resolve();
      await sleep(100);
      expect(runs.map((r) => r.worker)).toEqual(['crashed', 'restarted']);
      expect(runs[1].payload).toEqual({ important: true });
      expect(runs[1].attempt).toBeGreaterThanOrEqual(1);
      expect(runs[1].attempt).toBeLessThanOrEqual(3);
      expect(await next.counts()).toEqual({ ...emptyCounts, completed: 1 });
      expect(await next.deadLetters()).toEqual([]);
    });
  });
}
