/**
 * The batch numbers (seq) a workout has recorded: an immutable set whose `with` is O(1).
 *
 * Copying a Set per batch made recording a workout quadratic (a day at one batch per 10 s is
 * 8,640 batches). Instead every version shares one Map from seq to the order it was added in, and
 * a version of size n sees only the first n entries. `with` on the newest version adds to the
 * shared map, which older versions cannot see; `with` on an older version (a fork, e.g. a
 * decision retried from a stale state) copies its own entries first, so no version ever changes.
 */
export class RecordedSeqs {
  static readonly none = new RecordedSeqs(new Map(), 0);

  private constructor(
    private readonly order: Map<number, number>,
    readonly size: number,
  ) {}

  has(seq: number): boolean {
    const index = this.order.get(seq);
    return index !== undefined && index < this.size;
  }

  with(seq: number): RecordedSeqs {
    if (this.has(seq)) return this;
    if (this.order.size === this.size) {
      this.order.set(seq, this.size);
      return new RecordedSeqs(this.order, this.size + 1);
    }
    const own = new Map<number, number>();
    for (const [s, index] of this.order) if (index < this.size) own.set(s, index);
    own.set(seq, this.size);
    return new RecordedSeqs(own, this.size + 1);
  }
}
