import { fork } from 'node:child_process';
import { pacedLoad, PacedLoadOptions, PacedLoadResult } from './paced-load';

/**
 * pacedLoad() in a child process of its own, for benchmarks whose own process holds a large heap
 * (100,000 users, their tokens, boards to compare): its garbage collections and timers would make
 * the load generator late, and that lateness counts against the server under test. The child only
 * holds the requests, sent in turn (request i is `requests[i % requests.length]`).
 */
export type PacedPlan = Omit<PacedLoadOptions, 'request'> & {
  requests: Array<ReturnType<PacedLoadOptions['request']>>;
};

/** The result, and the CPU the generator process used while sending, in % of one core. */
export type PacedLoadProcessResult = PacedLoadResult & { generatorCpuPct: number };

export function pacedLoadInChildProcess(plan: PacedPlan): Promise<PacedLoadProcessResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (result: PacedLoadProcessResult) => {
      settled = true;
      resolve(result);
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`the load generator process exited (code ${code}) without a result`));
    });
    child.send(plan);
  });
}

if (require.main === module) {
  process.once('message', (plan: PacedPlan) => {
    const { requests, ...options } = plan;
    const cpu = process.cpuUsage();
    void pacedLoad({ ...options, request: (i) => requests[i % requests.length] }).then((result) => {
      const used = process.cpuUsage(cpu);
      const generatorCpuPct = Math.round((1000 * (used.user + used.system)) / 1e6 / (result.seconds + (options.warmupSeconds ?? 0))) / 10;
      process.send?.({ ...result, generatorCpuPct });
    });
  });
}
