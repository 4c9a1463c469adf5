import { describeLeaseContract } from '../lease.contract';
import { MemoryLeaseManager, MemoryLeaseTable } from './memory-lease-manager';

const table = new MemoryLeaseTable();
describeLeaseContract('memory', async () => new MemoryLeaseManager({ table }));

describe('MemoryLeaseManager with a fake clock', () => {
  let time = 1_000;
  const now = () => time;
  const shared = new MemoryLeaseTable();
  const holder = () => new MemoryLeaseManager({ now, table: shared });

  it('expires a lease exactly at acquisition + ttl', async () => {
    const [a, b] = [holder(), holder()];
    const lease = await a.tryAcquire('clock', 100);
    time += 99;
    expect(await b.tryAcquire('clock', 100)).toBeUndefined();
    time += 1;
    const taken = await b.tryAcquire('clock', 100);
    expect(taken).toBeDefined();
    expect(await lease!.renew()).toBe(false);
  });

  it('counts a renewed lease from the renewal, with the ttl it was acquired with', async () => {
    const [a, b] = [holder(), holder()];
    const lease = await a.tryAcquire('renewed', 100);
    time += 90;
    expect(await lease!.renew()).toBe(true);
    time += 99;
    expect(await b.tryAcquire('renewed', 100)).toBeUndefined();
    time += 1;
    expect(await b.tryAcquire('renewed', 100)).toBeDefined();
  });

  it('extends an already-held lease by the ttl asked for when acquired again', async () => {
    const [a, b] = [holder(), holder()];
    const first = await a.tryAcquire('again', 100);
    time += 50;
    const again = await a.tryAcquire('again', 500);
    expect(again!.token).toBe(first!.token);
    time += 400;
    expect(await b.tryAcquire('again', 100)).toBeUndefined();
    time += 100;
    expect(await b.tryAcquire('again', 100)).toBeDefined();
  });

  it('keeps separate tables apart and refuses calls once closed', async () => {
    const own = new MemoryLeaseManager({ now });
    const other = new MemoryLeaseManager({ now });
    expect(await own.tryAcquire('x', 100)).toBeDefined();
    expect(await other.tryAcquire('x', 100)).toBeDefined();
    await own.close();
    await expect(own.tryAcquire('y', 100)).rejects.toThrow(/closed/);
  });

  it('rejects a ttl that is not a positive integer', async () => {
    await expect(holder().tryAcquire('bad', 0)).rejects.toThrow(RangeError);
    await expect(holder().tryAcquire('bad', 1.5)).rejects.toThrow(RangeError);
  });
});
