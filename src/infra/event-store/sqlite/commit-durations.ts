/** Upper bounds (seconds) of the commit-duration histogram's buckets. */
export const COMMIT_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export interface CommitDurationSnapshot {
  /** Commits that took at most `le` seconds (cumulative, as Prometheus buckets are). */
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sumSeconds: number;
}

const COUNT_CELLS = COMMIT_DURATION_BUCKETS.length + 1;
const SUM_MICROS = COUNT_CELLS;

/**
 * How long the embedded store's transactions (group commits, with their fsync) took: counted on
 * the writer thread, read on the event loop for `/metrics`, in memory both share, so that counting
 * costs no message. A commit that stalls on the disk shows here before anywhere else.
 */
export class CommitDurations {
  private readonly cells: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT * (COUNT_CELLS + 1))) {
    this.cells = new BigInt64Array(buffer);
  }

  record(seconds: number): void {
    let bucket = 0;
    while (bucket < COMMIT_DURATION_BUCKETS.length && seconds > COMMIT_DURATION_BUCKETS[bucket]) bucket++;
    Atomics.add(this.cells, bucket, 1n);
    Atomics.add(this.cells, SUM_MICROS, BigInt(Math.round(seconds * 1e6)));
  }

  snapshot(): CommitDurationSnapshot {
    let cumulative = 0;
    const buckets = COMMIT_DURATION_BUCKETS.map((le, i) => ({ le, count: (cumulative += Number(Atomics.load(this.cells, i))) }));
    const count = cumulative + Number(Atomics.load(this.cells, COMMIT_DURATION_BUCKETS.length));
    return { buckets, count, sumSeconds: Number(Atomics.load(this.cells, SUM_MICROS)) / 1e6 };
  }
}
