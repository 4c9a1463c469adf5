/**
 * Makes one instance at a time run a projection or saga when several instances share the stores.
 * A lease is held for `ttlMs` and must be renewed before it runs out; a process that dies simply
 * stops renewing, and another instance takes over once the lease expires.
 */
export interface LeaseManager {
  /** The lease if it was free (or already ours), undefined when another holder has it. */
  tryAcquire(name: string, ttlMs: number): Promise<Lease | undefined>;
  close(): Promise<void>;
}

export interface Lease {
  readonly name: string;
  /** Unique per acquisition: fencing token for whoever wants to check it. */
  readonly token: string;
  /** Extends the lease by its ttl; false when it was lost meanwhile (expired and taken). */
  renew(): Promise<boolean>;
  /** Gives the lease up at once (only if still ours). */
  release(): Promise<void>;
}
