/** Every state the breaker can be in (one metric series each). */
export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before it lets one trial call through. */
  openMs: number;
  now: () => number;
}

/** Whether a call may go ahead; `trial` marks the one call let through a half-open circuit. */
export type Admission = { admitted: true; trial: boolean } | { admitted: false; retryAfterMs: number | undefined };

/**
 * closed ──N consecutive failures──▶ open ──openMs──▶ half_open ──trial succeeds──▶ closed
 *                                     ▲                   │
 *                                     └──trial fails──────┘
 *
 * A "call" is whatever the owner counts as one (for HttpCommerce: one port call with its retries).
 * While open, `admit` refuses with the time left. Once openMs has passed, the first call admitted
 * is the trial; other calls are refused until it ends.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError(`breaker failureThreshold must be an integer ≥ 1, got ${options.failureThreshold}`);
    }
    if (!Number.isFinite(options.openMs) || options.openMs < 0) throw new RangeError(`breaker openMs must be ≥ 0, got ${options.openMs}`);
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    if (this.trialInFlight || this.timeLeft() <= 0) return 'half_open';
    return 'open';
  }

  /** Consecutive failed calls so far (0 after any success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  admit(): Admission {
    if (this.openedAt === undefined) return { admitted: true, trial: false };
    const left = this.timeLeft();
    if (left > 0) return { admitted: false, retryAfterMs: left };
    if (this.trialInFlight) return { admitted: false, retryAfterMs: undefined };
    this.trialInFlight = true;
    return { admitted: true, trial: true };
  }

  /** The store answered: the circuit closes (also when a call admitted before it opened ends well). */
  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** A call failed: the trial reopens the circuit; otherwise the N-th consecutive failure opens it. */
  failed(trial: boolean): void {
    this.failures++;
    if (trial) {
      this.trialInFlight = false;
      this.openedAt = this.options.now();
    } else if (this.openedAt === undefined && this.failures >= this.options.failureThreshold) {
      this.openedAt = this.options.now();
    }
  }

  /** A call ended without telling anything about the store (e.g. the adapter was closed). */
  abandoned(trial: boolean): void {
    if (trial) this.trialInFlight = false;
  }

  private timeLeft(): number {
    return this.openedAt === undefined ? 0 : this.openedAt + this.options.openMs - this.options.now();
  }
}
