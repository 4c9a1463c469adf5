'use strict';
/**
 * A worker in a process of its own, for the tests that kill a worker's process (SIGKILL) in the
 * middle of a job. Run with test/support/ts-register.js preloaded (it compiles the TypeScript
 * sources as they are required): `node -r ts-register.js worker-child.js <sqlite|bullmq>
 * <file|redis url> <type> [prefix]`. It starts handling <type> with a handler that never
 * finishes, prints `ready`, then one JSON line `{"started": id, "attempt": n}` per job it starts.
 */
const [adapter, location, type, prefix] = process.argv.slice(2);
const options = { backoffMs: 20, onError: () => undefined };
const queue =
  adapter === 'sqlite'
    ? new (require('../sqlite/sqlite-job-queue.ts').SqliteJobQueue)(location, { ...options, pollIntervalMs: 20 })
    : require('../bullmq/bullmq-job-queue.ts').BullmqJobQueue.create(location, { ...options, prefix, lockDurationMs: 1000, stalledIntervalMs: 300 });

queue.process(type, async (job) => {
  process.stdout.write(`${JSON.stringify({ started: job.id, attempt: job.attempt })}\n`);
  await new Promise(() => undefined);
});
process.stdout.write('ready\n');
