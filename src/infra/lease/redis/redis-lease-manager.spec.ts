import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedis } from '../../../../test/support/redis-server';
import type { RedisServer } from '../../../../test/support/redis-server';
import { describeLeaseContract } from '../lease.contract';
import { RedisLeaseManager } from './redis-lease-manager';

let server: RedisServer;
let admin: Redis;
const prefix = `test-lease-${randomUUID().slice(0, 8)}:`;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

describeLeaseContract('redis', async () => RedisLeaseManager.create(server.url, { prefix }));

describe('RedisLeaseManager', () => {
  const managers: RedisLeaseManager[] = [];
  const manager = () => {
    const created = RedisLeaseManager.create(server.url, { prefix });
    managers.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
  });

  it('stores the token under <prefix><name> with a PX expiry', async () => {
    const lease = await manager().tryAcquire('layout', 5_000);
    expect(await admin.get(`${prefix}layout`)).toBe(lease!.token);
    const pttl = await admin.pttl(`${prefix}layout`);
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
  });

  it('never extends or deletes a key holding another token', async () => {
    const lease = await manager().tryAcquire('foreign', 5_000);
    // Someone else's lease now sits under the key (as after an expiry and a takeover).
    await admin.set(`${prefix}foreign`, 'someone-else', 'PX', 60_000);
    expect(await lease!.renew()).toBe(false);
    await lease!.release();
    expect(await admin.get(`${prefix}foreign`)).toBe('someone-else');
    expect(await admin.pttl(`${prefix}foreign`)).toBeGreaterThan(50_000);
  });

  it('does not count a lease taken by someone else as "already ours"', async () => {
    const a = manager();
    const lease = await a.tryAcquire('stolen', 5_000);
    await admin.set(`${prefix}stolen`, 'someone-else', 'PX', 5_000);
    expect(await a.tryAcquire('stolen', 5_000)).toBeUndefined();
    await admin.del(`${prefix}stolen`);
    const next = await a.tryAcquire('stolen', 5_000);
    expect(next!.token).not.toBe(lease!.token);
  });

  it('renews an already-held lease with the ttl asked for when acquired again', async () => {
    const a = manager();
    const first = await a.tryAcquire('again', 1_000);
    const again = await a.tryAcquire('again', 60_000);
    expect(again!.token).toBe(first!.token);
    expect(await admin.pttl(`${prefix}again`)).toBeGreaterThan(50_000);
  });

  it('fails its calls (instead of hanging) when Redis cannot be reached', async () => {
    const unreachable = RedisLeaseManager.create('redis://127.0.0.1:1', { prefix, commandTimeoutMs: 300 });
    managers.push(unreachable);
    await expect(unreachable.tryAcquire('nowhere', 1_000)).rejects.toThrow();
  });
});
