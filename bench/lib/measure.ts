import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Events handled, the time they took, and the resulting rate. */
export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSec: number;
}

function elapsedSeconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Calls `step` one call after the other (each awaited) until `maxMs` have passed or `maxEvents`
 * events were handled. `step` gets the number of events already handled and returns how many it
 * handled itself.
 */
export async function sequential(
  maxMs: number,
  maxEvents: number,
  step: (done: number) => number | Promise<number>,
): Promise<Throughput> {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(maxMs) * 1_000_000n;
  let events = 0;
  while (events < maxEvents && process.hrtime.bigint() < deadline) events += await step(events);
  const seconds = elapsedSeconds(start);
  return { events, seconds, eventsPerSec: events / seconds };
}

/**
 * `concurrency` workers each await `step` in a loop until `maxMs` have passed or `maxEvents`
 * calls were started; every call handles one event. `step` gets the worker number and a global
 * sequence number.
 */
export async function concurrent(
  concurrency: number,
  maxMs: number,
  maxEvents: number,
  step: (worker: number, seq: number) => Promise<unknown>,
): Promise<Throughput> {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(maxMs) * 1_000_000n;
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < maxEvents && process.hrtime.bigint() < deadline) await step(w, next++);
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = elapsedSeconds(start);
  return { events: next, seconds, eventsPerSec: next / seconds };
}

/** Times one complete pass of `fn`, which returns how many events it handled. */
export async function pass(fn: () => number | Promise<number>): Promise<Throughput> {
  const start = process.hrtime.bigint();
  const events = await fn();
  const seconds = elapsedSeconds(start);
  return { events, seconds, eventsPerSec: events / seconds };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to `digits` significant digits, for figures meant to be read by people. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}

/** A scratch directory under the OS temp dir, with a way to delete one SQLite file or all of it. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'stride-bench-'));
  private counter = 0;

  /** A fresh file name in the scratch directory. */
  file(label: string): string {
    return join(this.dir, `${String(++this.counter).padStart(3, '0')}-${label}.db`);
  }

  /** Deletes a SQLite database file and its WAL and shared-memory files. */
  removeDb(file: string): void {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Lets the collector run between phases, when the process was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Flushes the kernel's dirty pages (`sync`) so that one measurement's leftover writeback (and
 * the discards of the files it deleted) does not land in the next one's fsyncs.
 */
export function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // no sync(1) here: measure without it
  }
}
