import { fork } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { round } from './measure';
import { percentile } from './report';

/**
 * How the disk under a directory answers while a benchmark runs: in a process of its own, a 4 KiB
 * write and an fdatasync every PROBE_EVERY_MS, over and over the same 1 MiB (as a WAL is
 * rewritten after it starts over, so no file metadata changes). A server's commit that takes
 * 200 ms shows that the commit waited; the probe stalling at the same time shows that the disk
 * made everyone wait, whoever was writing.
 *
 * The same process also reports how late its own timer fired. It does almost nothing and has a
 * tiny heap, so a tick 50 ms late means the machine did not run it for 50 ms: the CPU was not
 * given to it (other processes, or the hypervisor), which a slow fdatasync alone cannot tell apart.
 */
export interface DiskProbeFigures {
  fsyncs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Probes that took over 100 ms: the disk stalled. */
  over100Ms: number;
  /** The latest the probe's timer fired after it was due (its own fdatasync not counted), ms. */
  lateMaxMs: number;
  /** Ticks that fired over 50 ms late: the probe process was held off the CPU that long. */
  lateOver50Ms: number;
}

export interface DiskProbe {
  stop(): Promise<DiskProbeFigures>;
}

const PROBE_EVERY_MS = 10;
const PAGE = 4096;
const FILE_PAGES = 256;

export function startDiskProbe(dir: string): DiskProbe {
  const child = fork(__filename, [dir], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<DiskProbeFigures>((resolve, reject) => {
    child.once('message', (figures: DiskProbeFigures) => resolve(figures));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the disk probe exited (code ${code}) without a result`)));
  });
  // A probe that dies before stop() is reported there, not as an unhandled rejection that ends the benchmark.
  result.catch(() => undefined);
  return {
    stop() {
      child.send('stop');
      return result;
    },
  };
}

function probe(dir: string): () => DiskProbeFigures {
  const file = join(dir, `disk-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(PAGE, 1);
  for (let i = 0; i < FILE_PAGES; i++) writeSync(fd, page, 0, PAGE, i * PAGE);
  fdatasyncSync(fd);
  const samples: number[] = [];
  const lateness: number[] = [];
  let next = 0;
  let due = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const started = performance.now();
    if (due > 0) lateness.push(Math.max(0, started - due));
    writeSync(fd, page, 0, PAGE, (next++ % FILE_PAGES) * PAGE);
    fdatasyncSync(fd);
    const ended = performance.now();
    samples.push(ended - started);
    due = ended + PROBE_EVERY_MS;
    timer = setTimeout(tick, PROBE_EVERY_MS);
  };
  tick();
  return () => {
    clearTimeout(timer);
    closeSync(fd);
    rmSync(file, { force: true });
    samples.sort((a, b) => a - b);
    return {
      fsyncs: samples.length,
      p50Ms: round(percentile(samples, 50)),
      p99Ms: round(percentile(samples, 99)),
      maxMs: round(percentile(samples, 100)),
      over100Ms: samples.filter((ms) => ms > 100).length,
      // Not Math.max(...lateness): an hour's run on its own is 360,000 ticks, past what a call takes as arguments.
      lateMaxMs: round(lateness.reduce((max, ms) => Math.max(max, ms), 0)),
      lateOver50Ms: lateness.filter((ms) => ms > 50).length,
    };
  };
}

// Forked by startDiskProbe(), or on its own: `node dist/bench/lib/disk-probe.js <dir> <seconds>`
// prints how the disk answers with nothing else of ours running.
if (require.main === module) {
  const stop = probe(process.argv[2]);
  if (process.send) process.once('message', () => process.send?.(stop(), () => process.disconnect()));
  else setTimeout(() => console.log(JSON.stringify(stop())), 1000 * Number(process.argv[3] ?? 60));
}
