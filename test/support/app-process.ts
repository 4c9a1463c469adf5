import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AppProcess {
  url: string;
  /** Kills the process the hard way (SIGKILL): no shutdown hook runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

const ROOT = join(__dirname, '..', '..');

/** Runs the real server (src/main.ts) in a child process on a free port, for crash tests. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));
  return {
    url,
    output: () => output,
    async kill() {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
