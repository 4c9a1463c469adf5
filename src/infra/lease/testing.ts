import { performance } from 'node:perf_hooks';
import type { Lease, LeaseManager } from '../../core/lease/types';

/**
 * Polls `condition` until it holds, failing after `timeoutMs`. Tests wait for a state with this
 * rather than sleeping a fixed time, so they pass as soon as the state is reached.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 5_000, intervalMs = 10, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How a {@link FaultyLeaseManager}'s leases answer renew: normally, lost (false), an error, or never. */
export type RenewFault = 'none' | 'lost' | 'error' | 'hang';

/** Wraps a manager so that tests can make the renewals of its leases fail. */
export class FaultyLeaseManager implements LeaseManager {
  renewFault: RenewFault = 'none';
  renewCalls = 0;
  private readonly hanging: Array<() => void> = [];

  constructor(private readonly inner: LeaseManager) {}

  async tryAcquire(name: string, ttlMs: number): Promise<Lease | undefined> {
    const lease = await this.inner.tryAcquire(name, ttlMs);
    if (!lease) return undefined;
    return {
      name: lease.name,
      token: lease.token,
      renew: async () => {
        this.renewCalls++;
        switch (this.renewFault) {
          case 'none':
            return lease.renew();
          case 'lost':
            // As if it had expired and been taken: it is no longer in the store either.
            await lease.release();
            return false;
          case 'error':
            throw new Error('injected renew failure');
          case 'hang':
            return new Promise<boolean>((resolve) => this.hanging.push(() => resolve(false)));
        }
      },
      release: () => lease.release(),
    };
  }

  async close(): Promise<void> {
    // Answers the renewals left hanging, so nothing stays pending after the test.
    for (const answer of this.hanging.splice(0)) answer();
    await this.inner.close();
  }
}
