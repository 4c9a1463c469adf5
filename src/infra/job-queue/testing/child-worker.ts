import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildWorker {
  pid: number;
  /** The first job the child started (its handler never finishes). */
  started: Promise<{ started: string; attempt: number }>;
  /** SIGKILL: the process dies at once, as in a power cut or an OOM kill. Resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `worker-child.js` in a process of its own, handling `type` of the queue at `location`
 * (a SQLite file, or a Redis URL with `prefix`). Call `kill()` before the test ends.
 */
export function spawnChildWorker(args: { adapter: 'sqlite' | 'bullmq'; location: string; type: string; prefix?: string }): ChildWorker {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(__dirname, '..', '..', '..', '..', 'test', 'support', 'ts-register.js'), join(__dirname, 'worker-child.js'), args.adapter, args.location, args.type, ...(args.prefix ? [args.prefix] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<{ started: string; attempt: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as { started: string; attempt: number });
    });
    void exited.then(() => reject(new Error(`the child worker exited before starting a job: ${stderr}`)));
  });
  // Only the test's own `kill()` ends it; a rejection nobody awaits must not crash the run.
  started.catch(() => undefined);
  return {
    pid: child.pid ?? -1,
    started,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
