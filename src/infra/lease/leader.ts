import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { Lease, LeaseManager } from '../../core/lease/types';

/**
 * The ttl suggested for projection and saga leases in production: renewed every 5 s; a crashed
 * holder's work resumes elsewhere within about 20 s (ttl + one acquisition interval).
 */
export const DEFAULT_LEASE_TTL_MS = 15_000;

/** What a {@link Leader} runs while it holds the lease. Never called concurrently (one at a time, in order). */
export interface LeaderCallbacks {
  /** The lease was acquired: start the work (e.g. the projection runner). Should return once started. */
  onElected(): Promise<void>;
  /** The lease was lost, given up or the leader stopped: stop the work. Only ever follows onElected. */
  onDeposed(): Promise<void>;
}

/** Which step of a {@link Leader} an error came from. */
export type LeaderStep = 'acquire' | 'renew' | 'release' | 'onElected' | 'onDeposed';

export interface LeaderOptions {
  /**
   * Told about every error (a lease call that failed or timed out, a callback that threw); the
   * leader carries on by itself. Logged as a warning by default.
   */
  onError?: (error: unknown, step: LeaderStep, leaseName: string) => void;
}

/** A lease call that did not answer in time. */
export class LeaseTimeoutError extends Error {
  constructor(step: LeaderStep, name: string, ms: number) {
    super(`lease ${name}: ${step} did not answer within ${Math.round(ms)} ms`);
    this.name = 'LeaseTimeoutError';
  }
}

/**
 * Keeps one instance among several running a piece of work, through a lease.
 *
 * Not holding the lease, it tries to acquire it every ttl/3. Holding it, it renews it every ttl/3.
 * It counts the lease as held until `start of the last successful acquire/renew + ttl` on its own
 * monotonic clock (measured from when the call was sent, so never later than Redis's own expiry):
 * when a renew answers false, or when that moment passes without a successful renew (errors,
 * timeouts, Redis unreachable), it is deposed: `onDeposed` runs, then it gives up what may be left
 * of the lease and goes back to trying to acquire it.
 *
 * If `onElected` throws, the leader steps down (onDeposed, release) and tries again later.
 * `stop()` waits for the step under way, runs onDeposed if elected, then releases the lease.
 *
 * Callbacks never overlap, and they alternate onElected / onDeposed. Renewals do not wait for
 * the callbacks, so a slow onElected does not cost the lease.
 */
export class Leader {
  private readonly intervalMs: number;
  private readonly reportTo: (error: unknown, step: LeaderStep, leaseName: string) => void;

  /** The lease held, and until when (monotonic ms) it is safe to count it as ours. */
  private lease: Lease | undefined;
  private validUntil = 0;
  /** Set when onElected failed: the next step gives the lease up. */
  private resign = false;

  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private stepping: Promise<void> = Promise.resolve();
  private callbacksChain: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly manager: LeaseManager,
    readonly name: string,
    readonly ttlMs: number,
    private readonly callbacks: LeaderCallbacks,
    options: LeaderOptions = {},
  ) {
    if (!Number.isInteger(ttlMs) || ttlMs < 3) throw new RangeError(`lease ttl must be an integer of at least 3 ms, got ${ttlMs}`);
    this.intervalMs = Math.floor(ttlMs / 3);
    this.reportTo = options.onError ?? defaultOnError;
  }

  /** True while this instance holds the lease (from its acquisition until it is lost, given up or stopped). */
  get isLeader(): boolean {
    return this.lease !== undefined;
  }

  /** The fencing token of the lease held, if any. */
  get token(): string | undefined {
    return this.lease?.token;
  }

  /** Starts campaigning: the first attempt to acquire is made at once. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops for good: waits for the step under way, runs onDeposed if elected, then releases the lease. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.stepping;
    const lease = this.lease;
    if (lease) await this.depose(lease, true);
    await this.callbacksChain;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.stepping = this.step().then(
        (next) => this.schedule(next),
        (error: unknown) => {
          // step() handles its own errors; this is a last resort so that the loop never dies.
          this.report(error, this.lease ? 'renew' : 'acquire');
          this.schedule(this.intervalMs);
        },
      );
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  /** One attempt to acquire or renew; returns the delay until the next one. */
  private async step(): Promise<number> {
    const lease = this.lease;
    if (!lease) return this.tryAcquire();
    if (this.resign) {
      this.resign = false;
      await this.depose(lease, true);
      return this.intervalMs;
    }
    return this.renew(lease);
  }

  private async tryAcquire(): Promise<number> {
    const sentAt = performance.now();
    let acquired: Lease | undefined;
    try {
      acquired = await withTimeout(this.manager.tryAcquire(this.name, this.ttlMs), this.ttlMs, 'acquire', this.name, (late) => {
        // Answered after we gave up waiting: do not keep a lease nobody runs.
        if (late) this.releaseQuietly(late);
      });
    } catch (error) {
      this.report(error, 'acquire');
      return this.intervalMs;
    }
    if (!acquired) return this.intervalMs;
    if (this.stopped || performance.now() - sentAt >= this.ttlMs) {
      await this.releaseQuietly(acquired);
      return this.intervalMs;
    }
    this.lease = acquired;
    this.validUntil = sentAt + this.ttlMs;
    this.resign = false;
    this.runCallback('onElected', () => this.callbacks.onElected());
    return this.nextRenewDelay();
  }

  private async renew(lease: Lease): Promise<number> {
    const sentAt = performance.now();
    const remaining = this.validUntil - sentAt;
    if (remaining <= 0) {
      await this.depose(lease, true);
      return this.intervalMs;
    }
    let renewed: boolean;
    try {
      renewed = await withTimeout(lease.renew(), remaining, 'renew', this.name);
    } catch (error) {
      this.report(error, 'renew');
      if (error instanceof LeaseTimeoutError || performance.now() >= this.validUntil) {
        await this.depose(lease, true);
        return this.intervalMs;
      }
      // Retry until the lease runs out on our clock.
      return this.nextRenewDelay();
    }
    if (!renewed) {
      // Lost (expired, maybe taken): nothing of it is left to release.
      await this.depose(lease, false);
      return this.intervalMs;
    }
    this.validUntil = sentAt + this.ttlMs;
    return this.nextRenewDelay();
  }

  /** The next renewal: ttl/3 from now, but no later than the moment the lease runs out on our clock. */
  private nextRenewDelay(): number {
    return Math.min(this.intervalMs, Math.max(0, this.validUntil - performance.now()));
  }

  /**
   * No longer the leader: onDeposed runs (after any callback still under way), and only once it
   * has finished is what may be left of the lease released, so that no other instance starts the
   * work before ours has stopped.
   */
  private async depose(lease: Lease, release: boolean): Promise<void> {
    this.lease = undefined;
    this.resign = false;
    this.runCallback('onDeposed', () => this.callbacks.onDeposed());
    await this.callbacksChain;
    if (release) await this.releaseQuietly(lease);
  }

  private async releaseQuietly(lease: Lease): Promise<void> {
    try {
      await withTimeout(lease.release(), this.ttlMs, 'release', this.name);
    } catch (error) {
      // It runs out by itself after the ttl.
      this.report(error, 'release');
    }
  }

  /** Tells the error handler; an error handler that throws cannot stop the leader. */
  private report(error: unknown, step: LeaderStep): void {
    try {
      this.reportTo(error, step, this.name);
    } catch {
      // ignored on purpose
    }
  }

  private runCallback(step: 'onElected' | 'onDeposed', callback: () => Promise<void>): void {
    this.callbacksChain = this.callbacksChain.then(async () => {
      try {
        await callback();
      } catch (error) {
        this.report(error, step);
        // Holding the lease without doing the work would stall it everywhere: give it up.
        if (step === 'onElected' && this.lease) this.resign = true;
      }
    });
  }
}

/**
 * `promise`, or a {@link LeaseTimeoutError} after `ms`. A late answer goes to `onLate`; a late
 * failure is dropped (it has been reported as the timeout already).
 */
function withTimeout<T>(promise: Promise<T>, ms: number, step: LeaderStep, name: string, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new LeaseTimeoutError(step, name, ms));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) onLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) reject(error);
      },
    );
  });
}

const logger = new Logger('lease');

function defaultOnError(error: unknown, step: LeaderStep, leaseName: string): void {
  logger.warn(`lease ${leaseName}: ${step} failed: ${error instanceof Error ? error.message : String(error)}`);
}
