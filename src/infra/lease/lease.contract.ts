import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LeaseManager } from '../../core/lease/types';
import { sleep, waitFor } from './testing';

/** Short enough for fast tests; the margins below stay generous against a loaded machine. */
const TTL = 300;

/**
 * The behaviour every LeaseManager adapter must have. `open` is called once per holder: every
 * manager it returns competes for the same leases (same Redis prefix, same memory table), and
 * each one is a different holder. Lease names are unique per test.
 */
export function describeLeaseContract(adapterName: string, open: () => Promise<LeaseManager>): void {
  describe(`LeaseManager contract: ${adapterName}`, () => {
    const opened: LeaseManager[] = [];
    const manager = async () => {
      const created = await open();
      opened.push(created);
      return created;
    };
    const leaseName = () => `contract-${randomUUID().slice(0, 8)}`;

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((m) => m.close()));
    });

    it('gives a free lease to one holder at a time', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const lease = await a.tryAcquire(name, TTL);
      expect(lease).toBeDefined();
      expect(lease!.name).toBe(name);
      expect(typeof lease!.token).toBe('string');
      expect(lease!.token.length).toBeGreaterThan(0);
      expect(await b.tryAcquire(name, TTL)).toBeUndefined();
    });

    it('hands the lease it already holds back to the same manager (same token), not to another', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const first = await a.tryAcquire(name, TTL);
      const again = await a.tryAcquire(name, TTL);
      expect(again).toBeDefined();
      expect(again!.token).toBe(first!.token);
      expect(await b.tryAcquire(name, TTL)).toBeUndefined();
      expect(await first!.renew()).toBe(true);
    });

    it('keeps leases of different names apart', async () => {
      const [a, b] = [await manager(), await manager()];
      const [one, two] = [leaseName(), leaseName()];
      expect(await a.tryAcquire(one, TTL)).toBeDefined();
      expect(await b.tryAcquire(two, TTL)).toBeDefined();
      expect(await a.tryAcquire(two, TTL)).toBeUndefined();
      expect(await b.tryAcquire(one, TTL)).toBeUndefined();
    });

    it('lets a second manager acquire once the holder releases', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const lease = await a.tryAcquire(name, TTL);
      expect(await b.tryAcquire(name, TTL)).toBeUndefined();
      await lease!.release();
      const taken = await b.tryAcquire(name, TTL);
      expect(taken).toBeDefined();
      expect(await a.tryAcquire(name, TTL)).toBeUndefined();
      expect(await lease!.renew()).toBe(false);
    });

    it('lets a second manager acquire once the lease expires, not before', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const before = performance.now();
      expect(await a.tryAcquire(name, TTL)).toBeDefined();
      expect(await b.tryAcquire(name, TTL)).toBeUndefined();
      await waitFor(async () => (await b.tryAcquire(name, TTL)) !== undefined, { timeoutMs: TTL * 10, what: 'takeover after expiry' });
      // Timers may fire a millisecond or so early; the lease may not expire early by more.
      expect(performance.now() - before).toBeGreaterThanOrEqual(TTL - 25);
    });

    it('extends the lease on renew: held well past its first ttl while renewed', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const start = performance.now();
      const lease = await a.tryAcquire(name, TTL);
      let renewedAt = start;
      while (performance.now() - start < TTL * 3) {
        await sleep(TTL / 4);
        const sentAt = performance.now();
        expect(await lease!.renew()).toBe(true);
        renewedAt = sentAt;
        await expectHeldSince(b, name, renewedAt);
      }
      // The last renew gave it a full ttl again: still held after half of it.
      await sleep(TTL / 2);
      await expectHeldSince(b, name, renewedAt);
    });

    it('refuses to renew a lease that expired, whether or not it was taken meanwhile', async () => {
      const [a, b] = [await manager(), await manager()];
      const [quiet, taken] = [leaseName(), leaseName()];
      const untouched = await a.tryAcquire(quiet, TTL);
      const lost = await a.tryAcquire(taken, TTL);
      const newLease = await waitForAcquire(b, taken);

      expect(await lost!.renew()).toBe(false);
      expect(await newLease.renew()).toBe(true);
      // The old holder does not count it as "already ours" either.
      expect(await a.tryAcquire(taken, TTL)).toBeUndefined();

      // `quiet` has expired too (same ttl, acquired earlier), though nobody took it.
      expect(await untouched!.renew()).toBe(false);
    });

    it('does not delete the new holder’s lease when the old holder releases its lost one', async () => {
      const [a, b, c] = [await manager(), await manager(), await manager()];
      const name = leaseName();
      const lost = await a.tryAcquire(name, TTL);
      const current = await waitForAcquire(b, name);
      await lost!.release();
      expect(await c.tryAcquire(name, TTL)).toBeUndefined();
      expect(await a.tryAcquire(name, TTL)).toBeUndefined();
      expect(await current.renew()).toBe(true);
    });

    it('gives every acquisition its own token', async () => {
      const [a, b] = [await manager(), await manager()];
      const name = leaseName();
      const tokens = new Set<string>();
      for (let i = 0; i < 3; i++) {
        for (const holder of [a, b]) {
          const lease = await holder.tryAcquire(name, TTL);
          expect(lease).toBeDefined();
          tokens.add(lease!.token);
          await lease!.release();
        }
      }
      expect(tokens.size).toBe(6);
      // Another name, same manager: another token.
      const other = await a.tryAcquire(leaseName(), TTL);
      expect(tokens.has(other!.token)).toBe(false);
    });

    it('releases idempotently, and a released lease is no longer ours', async () => {
      const a = await manager();
      const name = leaseName();
      const lease = await a.tryAcquire(name, TTL);
      await lease!.release();
      await lease!.release();
      expect(await lease!.renew()).toBe(false);
      const next = await a.tryAcquire(name, TTL);
      expect(next!.token).not.toBe(lease!.token);
    });

    /**
     * `other` cannot take the lease renewed (or acquired) at `since`, unless a stalled test run
     * let a whole ttl pass since then: only a takeover before the ttl is a failure.
     */
    async function expectHeldSince(other: LeaseManager, name: string, since: number) {
      const taken = await other.tryAcquire(name, TTL);
      if (taken) expect(performance.now() - since).toBeGreaterThanOrEqual(TTL - 25);
    }

    /** Waits until the lease has expired and `holder` acquires it. */
    /**
     * Waits for the old holder's lease to expire, then takes it for long enough (`ttl`) that the
     * checks which follow cannot race its own expiry on a loaded machine.
     */
    async function waitForAcquire(holder: LeaseManager, name: string, ttl = TTL * 20) {
      let acquired: Awaited<ReturnType<LeaseManager['tryAcquire']>>;
      await waitFor(async () => (acquired = await holder.tryAcquire(name, ttl)) !== undefined, {
        timeoutMs: TTL * 10,
        what: `acquisition of ${name}`,
      });
      return acquired!;
    }
  });
}
