import { randomUUID } from 'node:crypto';
import type { Lease, LeaseManager } from '../../../core/lease/types';

/** One held lease in a {@link MemoryLeaseTable}. */
interface MemoryLeaseEntry {
  token: string;
  /** The manager holding it (a manager's own leases are "already ours" to it). */
  holder: symbol;
  /** Clock reading (ms) from which the lease is free again. */
  expiresAt: number;
}

/**
 * The leases of one process. Every {@link MemoryLeaseManager} built over the same table competes
 * for the same names; each manager is one holder.
 */
export class MemoryLeaseTable {
  /** @internal read and written by the managers only. */
  readonly entries = new Map<string, MemoryLeaseEntry>();
}

export interface MemoryLeaseManagerOptions {
  /** Clock in milliseconds; `Date.now` by default. Tests pass a fake one to expire leases at will. */
  now?: () => number;
  /** Shares leases with other managers (other holders in the same process); a private table by default. */
  table?: MemoryLeaseTable;
}

/**
 * The embedded lease manager: same semantics as the Redis one, kept in a map in this process and
 * expired by the clock (an entry whose `expiresAt` has passed is free, and its old holder can no
 * longer renew it, exactly like a Redis key whose PX ran out).
 */
export class MemoryLeaseManager implements LeaseManager {
  private readonly holder = Symbol('memory-lease-holder');
  private readonly now: () => number;
  private readonly table: MemoryLeaseTable;
  private closed = false;

  constructor(options: MemoryLeaseManagerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.table = options.table ?? new MemoryLeaseTable();
  }

  async tryAcquire(name: string, ttlMs: number): Promise<Lease | undefined> {
    this.assertOpen();
    assertTtl(ttlMs);
    const now = this.now();
    const current = this.live(name, now);
    if (current) {
      if (current.holder !== this.holder) return undefined;
      // Already ours: the same lease (same token), extended by the ttl asked for now.
      current.expiresAt = now + ttlMs;
      return this.lease(name, current.token, ttlMs);
    }
    const token = randomUUID();
    this.table.entries.set(name, { token, holder: this.holder, expiresAt: now + ttlMs });
    return this.lease(name, token, ttlMs);
  }

  async close(): Promise<void> {
    // Like a Redis client going away: the leases stay until they expire (or a holder releases them).
    this.closed = true;
  }

  private lease(name: string, token: string, ttlMs: number): Lease {
    return {
      name,
      token,
      renew: async () => {
        this.assertOpen();
        const now = this.now();
        const current = this.live(name, now);
        if (current?.token !== token) return false;
        current.expiresAt = now + ttlMs;
        return true;
      },
      release: async () => {
        this.assertOpen();
        if (this.live(name, this.now())?.token === token) this.table.entries.delete(name);
      },
    };
  }

  /** The entry under `name` if it has not expired; an expired one is dropped. */
  private live(name: string, now: number): MemoryLeaseEntry | undefined {
    const entry = this.table.entries.get(name);
    if (entry && entry.expiresAt <= now) {
      this.table.entries.delete(name);
      return undefined;
    }
    return entry;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('MemoryLeaseManager is closed');
  }
}

function assertTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ttl must be a positive integer of ms, got ${ttlMs}`);
}
