/**
 * Loaded with `node --require` in front of the server (bench/lib/server-process.ts, profile: true):
 * starts and stops V8's sampling CPU profiler on the parent's IPC messages, so that only the
 * window the benchmark wants (not start-up or setup) is profiled, and writes the .cpuprofile
 * itself (node --cpu-prof writes only on a normal exit, which a SIGTERM-ed Nest app never has).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

type Message = { profile: 'start' } | { profile: 'stop'; file: string };

const session = new Session();
session.connect();

function post<T = unknown>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

async function handle(message: Message): Promise<void> {
  if (message.profile === 'start') {
    await post('Profiler.enable');
    // 500 µs: enough samples in a 15 s window, little overhead.
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(profile));
    await post('Profiler.disable');
  }
}

process.on('message', (raw) => {
  const message = raw as Message;
  if (!message || (message.profile !== 'start' && message.profile !== 'stop')) return;
  handle(message).then(
    () => process.send?.({ profile: message.profile }),
    (error: unknown) => process.send?.({ profile: message.profile, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The IPC channel must not keep the server alive once it has shut down.
process.channel?.unref();
