/**
 * V8's sampling CPU profiler on this very process (node:inspector), started and stopped around
 * the window a benchmark wants profiled; writes a .cpuprofile that bench/lib/cpu-profile.ts
 * summarises. The in-process twin of bench/lib/cpu-profile-preload.ts (which profiles a child
 * server): for benchmarks that run the application's pieces in their own process.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export class InProcessProfiler {
  private session: Session | undefined;

  private post<T = unknown>(method: string, params?: object): Promise<T> {
    const session = this.session;
    if (!session) return Promise.reject(new Error('the profiler is not started'));
    return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  }

  /** Starts sampling every `intervalUs` microseconds (500 µs by default, like the preload). */
  async start(intervalUs = 500): Promise<void> {
    if (this.session) throw new Error('the profiler is already started');
    this.session = new Session();
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.post('Profiler.start');
  }

  /** Stops sampling and writes the profile to `file`. */
  async stop(file: string): Promise<void> {
    const { profile } = await this.post<{ profile: object }>('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    await this.post('Profiler.disable');
    this.session!.disconnect();
    this.session = undefined;
  }
}
