import { startRedis } from '../../../../test/support/redis-server';
import { BullmqJobQueue } from './bullmq-job-queue';

it('outage', async () => {
  const redis = await startRedis();
  const errors: string[] = [];
  const queue = BullmqJobQueue.create(redis.url, { prefix: 'outage', onError: (e) => errors.push(e.message), closeTimeoutMs: 3000 });
  queue.process('t', async () => undefined);
  await queue.enqueue({ id: 'a', type: 't', payload: 1 });
  await queue.drained(5000);
  await redis.stop();
  let t = Date.now();
  await queue.enqueue({ id: 'b', type: 't', payload: 1 }).then(() => console.log('enqueue ok?'), (e) => console.log('enqueue failed', Date.now() - t, String(e)));
  t = Date.now();
  await queue.enqueue({ id: 'b', type: 'new-type', payload: 1 }).then(() => console.log('enqueue ok?'), (e) => console.log('enqueue new type failed', Date.now() - t, String(e)));
  t = Date.now();
  await queue.counts().then(() => console.log('counts ok?'), (e) => console.log('counts failed', Date.now() - t, String(e)));
  t = Date.now();
  const orig = global.setTimeout;
  const log: string[] = [];
  (global as unknown as { setTimeout: unknown }).setTimeout = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
    if ((ms ?? 0) >= 500) log.push(`${ms} ${new Error().stack?.split('\n').slice(2, 6).join(' | ')}`);
    return orig(fn, ms, ...rest);
  }) as unknown;
  await queue.close();
  setTimeout(() => console.log(log.join('\n\n')), 20000);
  console.log('closed after', Date.now() - t, errors.length);
  for (const d of [0, 2000, 8000, 16000, 10000]) { await new Promise((r) => setTimeout(r, d)); console.log(d, process.getActiveResourcesInfo().join(',')); }
}, 60_000);
