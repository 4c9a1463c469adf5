/**
 * The checkpointer thread's request that the writer thread copy the WAL's last frames between two
 * commits (see sqlite-checkpointer-thread.ts): one flag in memory both threads share, so that
 * asking costs the writer no message and no wake-up, only a look at the flag before each commit.
 * While a request waits, the checkpointer stands back, so that the two checkpoints never collide.
 */
export class WalRestartRequest {
  private readonly flag: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.flag = new Int32Array(buffer);
  }

  ask(): void {
    Atomics.store(this.flag, 0, 1);
  }

  get waiting(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  answer(): void {
    Atomics.store(this.flag, 0, 0);
  }
}
