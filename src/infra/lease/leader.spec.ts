import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startRedis } from '../../../test/support/redis-server';
import type { RedisServer } from '../../../test/support/redis-server';
import type { LeaseManager } from '../../core/lease/types';
import { Leader } from './leader';
import type { LeaderStep } from './leader';
import { MemoryLeaseManager, MemoryLeaseTable } from './memory/memory-lease-manager';
import { RedisLeaseManager } from './redis/redis-lease-manager';
import { FaultyLeaseManager, sleep, waitFor } from './testing';

const TTL = 300;
/** Slack for a loaded machine on top of the delays the leader promises. */
const MARGIN = 400;

/** The work a group of candidates for one lease share: checks that two never run it at once. */
class Work {
  readonly running = new Set<string>();
  overlaps = 0;
}

/** A Leader with recorded callbacks and errors. */
class Candidate {
  readonly events: string[] = [];
  readonly errors: Array<{ step: LeaderStep; error: unknown }> = [];
  readonly leader: Leader;
  electedDelayMs = 0;
  failNextElected = false;

  constructor(
    readonly id: string,
    readonly manager: LeaseManager,
    name: string,
    work: Work,
  ) {
    this.leader = new Leader(
      manager,
      name,
      TTL,
      {
        onElected: async () => {
          this.events.push('elected');
          if (work.running.size > 0) work.overlaps++;
          work.running.add(id);
          if (this.electedDelayMs) await sleep(this.electedDelayMs);
          this.events.push('elected-done');
          if (this.failNextElected) {
            this.failNextElected = false;
            throw new Error('cannot start');
          }
        },
        onDeposed: async () => {
          this.events.push('deposed');
          work.running.delete(id);
        },
      },
      { onError: (error, step) => this.errors.push({ step, error }) },
    );
  }

  count(event: string): number {
    return this.events.filter((e) => e === event).length;
  }
}

/** The callbacks alternate elected / deposed, never overlapping: each onElected finishes before onDeposed starts. */
function expectAlternating(events: readonly string[]): void {
  const pattern = events.join(',');
  expect(pattern).toMatch(/^(elected,elected-done,deposed,?)*(elected,elected-done)?$/);
}

function describeLeader(adapterName: string, open: () => Promise<LeaseManager>): void {
  describe(`Leader over ${adapterName}`, () => {
    const candidates: Candidate[] = [];
    const managers: LeaseManager[] = [];
    async function candidates2(name = `leader-${randomUUID().slice(0, 8)}`): Promise<[Candidate, Candidate, Work]> {
      const work = new Work();
      const made: Candidate[] = [];
      for (const id of ['a', 'b']) {
        const manager = await open();
        managers.push(manager);
        made.push(new Candidate(id, manager, name, work));
      }
      candidates.push(...made);
      return [made[0]!, made[1]!, work];
    }
    afterEach(async () => {
      await Promise.all(candidates.splice(0).map((c) => c.leader.stop()));
      await Promise.all(managers.splice(0).map((m) => m.close()));
    });

    it('elects exactly one of two candidates, and keeps it', async () => {
      const [a, b, work] = await candidates2();
      a.leader.start();
      b.leader.start();
      await waitFor(() => a.leader.isLeader || b.leader.isLeader, { timeoutMs: TTL + MARGIN, what: 'an election' });
      const [leader, other] = a.leader.isLeader ? [a, b] : [b, a];
      const until = performance.now() + TTL * 3;
      while (performance.now() < until) {
        expect(leader.leader.isLeader).toBe(true);
        expect(other.leader.isLeader).toBe(false);
        await sleep(TTL / 10);
      }
      expect(leader.count('elected')).toBe(1);
      expect(leader.count('deposed')).toBe(0);
      expect(other.events).toEqual([]);
      expect(leader.leader.token).toBeDefined();
      expect(work.overlaps).toBe(0);
    });

    it('hands over to the other candidate within about a ttl when the leader stops', async () => {
      const [a, b, work] = await candidates2();
      a.leader.start();
      await waitFor(() => a.leader.isLeader, { timeoutMs: TTL + MARGIN, what: 'a elected' });
      b.leader.start();
      await sleep(TTL / 2);
      expect(b.leader.isLeader).toBe(false);

      await a.leader.stop();
      expect(a.leader.isLeader).toBe(false);
      expect(a.events).toEqual(['elected', 'elected-done', 'deposed']);
      // b tries every ttl/3; the released lease is free at once.
      const elapsed = await waitFor(() => b.leader.isLeader, { timeoutMs: TTL + MARGIN, what: 'handover to b' });
      expect(elapsed).toBeLessThan(TTL + MARGIN);
      await waitFor(() => b.count('elected-done') === 1, { what: 'b started' });
      expect(work.overlaps).toBe(0);
      expect(work.running).toEqual(new Set(['b']));
    });

    it('does not call onDeposed when stopped without having been elected, and stops idempotently', async () => {
      const [a, b] = await candidates2();
      a.leader.start();
      await waitFor(() => a.leader.isLeader, { timeoutMs: TTL + MARGIN, what: 'a elected' });
      b.leader.start();
      await sleep(TTL / 2);
      await Promise.all([b.leader.stop(), b.leader.stop()]);
      expect(b.events).toEqual([]);
      expect(a.leader.isLeader).toBe(true);
    });
  });
}

describe('Leader', () => {
  const table = new MemoryLeaseTable();
  describeLeader('memory', async () => new MemoryLeaseManager({ table }));

  describe('when renewals fail (memory, with injected faults)', () => {
    const started: Candidate[] = [];
    const managers: FaultyLeaseManager[] = [];
    function faulty(): [Candidate, FaultyLeaseManager, Work] {
      const manager = new FaultyLeaseManager(new MemoryLeaseManager({ table }));
      const work = new Work();
      const candidate = new Candidate('solo', manager, `faulty-${randomUUID().slice(0, 8)}`, work);
      started.push(candidate);
      managers.push(manager);
      return [candidate, manager, work];
    }
    afterEach(async () => {
      await Promise.all(started.splice(0).map((c) => c.leader.stop()));
      await Promise.all(managers.splice(0).map((m) => m.close()));
    });

    it('is deposed at the first renewal that answers false', async () => {
      const [c, manager] = faulty();
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      manager.renewFault = 'lost';
      const elapsed = await waitFor(() => c.count('deposed') === 1, { timeoutMs: TTL / 3 + MARGIN, what: 'deposed' });
      expect(elapsed).toBeLessThan(TTL / 3 + MARGIN);
      expectAlternating(c.events);
    });

    it('rides out a renew error shorter than the ttl, and is deposed once errors last longer', async () => {
      const [c, manager] = faulty();
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      const renewErrors = () => c.errors.filter((e) => e.step === 'renew').length;

      // One failed renewal: the lease still has most of its ttl, the next renewal succeeds.
      manager.renewFault = 'error';
      await waitFor(() => renewErrors() === 1, { what: 'a failed renewal' });
      manager.renewFault = 'none';
      await sleep(TTL * 2);
      expect(c.leader.isLeader).toBe(true);
      expect(c.events).toEqual(['elected', 'elected-done']);

      // Errors that outlast the ttl: deposed.
      manager.renewFault = 'error';
      const elapsed = await waitFor(() => !c.leader.isLeader, { timeoutMs: TTL + MARGIN, what: 'deposed' });
      expect(elapsed).toBeLessThan(TTL + MARGIN);
      await waitFor(() => c.count('deposed') === 1, { what: 'onDeposed' });

      // Once renewals work again, it gets the lease back (its old one has run out meanwhile).
      manager.renewFault = 'none';
      await waitFor(() => c.leader.isLeader && c.count('elected-done') === 2, { timeoutMs: TTL * 2 + MARGIN, what: 're-elected' });
      expectAlternating(c.events);
    });

    it('is deposed when a renewal hangs past the ttl', async () => {
      const [c, manager] = faulty();
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      manager.renewFault = 'hang';
      const elapsed = await waitFor(() => c.count('deposed') === 1, { timeoutMs: TTL + MARGIN, what: 'deposed' });
      expect(elapsed).toBeLessThan(TTL + MARGIN);
      expect(c.errors.some((e) => e.step === 'renew' && e.error instanceof Error && /did not answer/.test(e.error.message))).toBe(true);
    });

    it('keeps renewing while a slow onElected runs, and deposes only after it has finished', async () => {
      const [c, manager] = faulty();
      c.electedDelayMs = TTL * 2;
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      await sleep(TTL * 1.5);
      // Still in onElected, well past one ttl: the lease was renewed meanwhile.
      expect(c.events).toEqual(['elected']);
      expect(c.leader.isLeader).toBe(true);
      expect(manager.renewCalls).toBeGreaterThanOrEqual(2);
      manager.renewFault = 'lost';
      await waitFor(() => c.count('deposed') === 1, { timeoutMs: TTL * 2 + MARGIN, what: 'deposed' });
      expect(c.events.slice(0, 3)).toEqual(['elected', 'elected-done', 'deposed']);
    });

    it('steps down when onElected fails, then tries again', async () => {
      const [c] = faulty();
      c.failNextElected = true;
      c.leader.start();
      await waitFor(() => c.count('elected-done') === 2 && c.leader.isLeader, { timeoutMs: TTL * 2 + MARGIN, what: 'second election' });
      expect(c.events.slice(0, 3)).toEqual(['elected', 'elected-done', 'deposed']);
      expect(c.errors.map((e) => e.step)).toContain('onElected');
      expectAlternating(c.events);
    });
  });
});

describe('Leader over Redis', () => {
  let server: RedisServer;
  let admin: Redis;
  const prefix = `test-leader-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    await admin?.quit();
    await server?.stop();
  });

  describeLeader('redis', async () => RedisLeaseManager.create(server.url, { prefix }));

  it('deposes a leader whose lease was taken by someone else', async () => {
    const manager = RedisLeaseManager.create(server.url, { prefix });
    const c = new Candidate('solo', manager, 'taken', new Work());
    try {
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      // As if it had expired and another instance had acquired it.
      await admin.set(`${prefix}taken`, 'someone-else', 'PX', 60_000);
      const elapsed = await waitFor(() => c.count('deposed') === 1, { timeoutMs: TTL / 3 + MARGIN, what: 'deposed' });
      expect(elapsed).toBeLessThan(TTL / 3 + MARGIN);
      await sleep(TTL);
      expect(c.leader.isLeader).toBe(false);
      expect(await admin.get(`${prefix}taken`)).toBe('someone-else');
    } finally {
      await c.leader.stop();
      await manager.close();
    }
  });

  it('deposes a leader that cannot reach Redis within about a ttl', async () => {
    const own = await startRedis();
    const manager = RedisLeaseManager.create(own.url, { prefix });
    const c = new Candidate('solo', manager, 'outage', new Work());
    try {
      c.leader.start();
      await waitFor(() => c.leader.isLeader, { what: 'elected' });
      await own.stop();
      const elapsed = await waitFor(() => c.count('deposed') === 1, { timeoutMs: TTL + MARGIN, what: 'deposed' });
      expect(elapsed).toBeLessThan(TTL + MARGIN);
      expect(c.leader.isLeader).toBe(false);
      expect(c.errors.some((e) => e.step === 'renew')).toBe(true);
    } finally {
      await c.leader.stop();
      await manager.close();
      await own.stop();
    }
  });
});
