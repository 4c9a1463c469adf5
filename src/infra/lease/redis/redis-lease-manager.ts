import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Lease, LeaseManager } from '../../../core/lease/types';

export interface RedisLeaseManagerOptions {
  /** Prepended to every lease name to form its key; `stride:lease:` by default. */
  prefix?: string;
  /**
   * A command that has no answer after this long fails (also while the client is reconnecting),
   * so a Redis outage shows up as errors instead of calls that hang; 1000 ms by default.
   */
  commandTimeoutMs?: number;
}

const DEFAULT_PREFIX = 'stride:lease:';
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/** Extends the key's expiry only while it still holds our token. Returns 1 if extended, else 0. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Deletes the key only while it still holds our token. Returns 1 if deleted, else 0. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * The production lease manager: one Redis key per lease, `<prefix><name>` = token, with a PX
 * expiry. Acquiring is `SET key token NX PX ttl`; renewing and releasing are Lua scripts that
 * compare the token first, so a holder never extends or deletes a lease someone else took after
 * its own ran out.
 *
 * The manager is one holder: it remembers the tokens it holds, so acquiring a name it already
 * holds (and that has not run out) returns the same lease, extended, instead of undefined.
 */
export class RedisLeaseManager implements LeaseManager {
  /** name → token of the leases this manager acquired and has not seen lost or released. */
  private readonly held = new Map<string, string>();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Connects in the background; commands sent before the connection is up wait for it (up to the command timeout). */
  static create(redisUrl: string, options: RedisLeaseManagerOptions = {}): RedisLeaseManager {
    const redis = new Redis(redisUrl, {
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      // Fail queued commands after one reconnection attempt rather than twenty: a lease holder
      // must learn quickly that it cannot reach Redis.
      maxRetriesPerRequest: 1,
      connectionName: 'stride-lease',
      // Closing while Redis is unreachable leaves ioredis a timer of this length (2 s by default).
      disconnectTimeout: 200,
    });
    // Connection errors surface as failed commands; without a listener ioredis would log each one.
    redis.on('error', () => undefined);
    return new RedisLeaseManager(redis, options.prefix ?? DEFAULT_PREFIX);
  }

  async tryAcquire(name: string, ttlMs: number): Promise<Lease | undefined> {
    assertTtl(ttlMs);
    const key = this.prefix + name;
    const ours = this.held.get(name);
    if (ours !== undefined) {
      // Already ours (as far as we know): extend it if Redis still holds our token.
      if (await this.renewKey(key, ours, ttlMs)) return this.lease(name, key, ours, ttlMs);
      this.forget(name, ours);
    }
    const token = randomUUID();
    const reply = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (reply !== 'OK') return undefined;
    this.held.set(name, token);
    return this.lease(name, key, token, ttlMs);
  }

  /** Closes the connection. Held leases are not released: they run out after their ttl. */
  async close(): Promise<void> {
    this.held.clear();
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private lease(name: string, key: string, token: string, ttlMs: number): Lease {
    return {
      name,
      token,
      renew: async () => {
        const renewed = await this.renewKey(key, token, ttlMs);
        if (!renewed) this.forget(name, token);
        return renewed;
      },
      release: async () => {
        // Forget first: even if the call fails, we no longer count the lease as ours.
        this.forget(name, token);
        await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
      },
    };
  }

  private async renewKey(key: string, token: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.eval(RENEW_SCRIPT, 1, key, token, ttlMs);
    return reply === 1;
  }

  private forget(name: string, token: string): void {
    if (this.held.get(name) === token) this.held.delete(name);
  }
}

function assertTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ttl must be a positive integer of ms, got ${ttlMs}`);
}
