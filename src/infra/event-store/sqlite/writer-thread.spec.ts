import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../../../core/event-store';
import { SqliteEventStore } from './sqlite-event-store';

const ROOT = join(__dirname, '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'writer-thread-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(__dirname, 'testing', 'append-and-exit.ts'), file]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the script did not exit by itself: ${output}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the writer thread', () => {
  it('keeps a process alive until its append is committed, then lets it exit', async () => {
    const file = join(dir, 'script.sqlite');
    const { code, output } = await runScript(file);
    expect(output).toContain('appended at');
    expect(code).toBe(0);
    const store = new SqliteEventStore(file);
    expect((await collect(store.readStream('script-1'))).map((e) => e.metadata.eventId)).toEqual(['e-1']);
    await store.close();
  }, 40_000);

  it('reads its own writes at once: an acknowledged append is visible to the next read', async () => {
    const store = new SqliteEventStore(join(dir, 'read-your-writes.sqlite'));
    const meta = (eventId: string) => ({ eventId, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
    for (let i = 0; i < 20; i++) {
      const result = await store.appendToStream('s', [{ type: 'Noted', data: { i }, metadata: meta(`e-${i}`) }]);
      expect(await store.headPosition()).toBe(result.position);
      expect(await collect(store.readStream('s', { fromRevision: BigInt(i) }))).toHaveLength(1);
    }
    await store.close();
  });
});
