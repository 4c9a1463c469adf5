import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../infra/event-store/sqlite/sqlite-event-store';
import { collect } from '../event-store';
import type { EventSchemaRegistry } from '../event-schemas';
import { CommandProcessor } from './command-processor';
import { requestContext } from './command-context';
import type { Decider } from './decider';

type Counted = { type: 'Counted'; data: { n: number } };
type Count = { type: 'Count'; expect: number };

/** Each Count must see every earlier one: it is refused unless the count so far is what it expects. */
const counter: Decider<Count, number, Counted> = {
  initialState: 0,
  decide: (command, count) => {
    if (command.expect !== count) throw new Error(`expected ${command.expect}, the count is ${count}`);
    return [{ type: 'Counted', data: { n: count + 1 } }];
  },
  evolve: (count) => count + 1,
};

const schemas = { currentVersion: () => 1 } as unknown as EventSchemaRegistry;
const dir = mkdtempSync(join(tmpdir(), 'command-processor-'));
let store: SqliteEventStore;

beforeEach(() => {
  store = new SqliteEventStore(join(dir, `${Date.now()}-${Math.random()}.sqlite`));
});
afterEach(() => store.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CommandProcessor', () => {
  it('runs commands sent to one stream all at once one after another, in the order they came', async () => {
    const processor = new CommandProcessor(store, schemas);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => processor.handle('counter-1', counter, { type: 'Count', expect: i }, requestContext('a', `r-${i}`, new Date()))),
    );
    expect(results.map((r) => r.state)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await collect(store.readStream('counter-1'))).map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps going after a refused command, and runs other streams alongside', async () => {
    const processor = new CommandProcessor(store, schemas);
    const ctx = (i: number) => requestContext('a', `q-${i}`, new Date());
    const outcomes = await Promise.allSettled([
      processor.handle('counter-2', counter, { type: 'Count', expect: 0 }, ctx(1)),
      processor.handle('counter-2', counter, { type: 'Count', expect: 5 }, ctx(2)),
      processor.handle('counter-3', counter, { type: 'Count', expect: 0 }, ctx(3)),
      processor.handle('counter-2', counter, { type: 'Count', expect: 1 }, ctx(4)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('decides on what another writer appended meanwhile', async () => {
    const processor = new CommandProcessor(store, schemas);
    await processor.handle('counter-4', counter, { type: 'Count', expect: 0 }, requestContext('a', 'w-1', new Date()));
    const other = new CommandProcessor(store, schemas);
    await other.handle('counter-4', counter, { type: 'Count', expect: 1 }, requestContext('a', 'w-2', new Date()));
    const third = await processor.handle('counter-4', counter, { type: 'Count', expect: 2 }, requestContext('a', 'w-3', new Date()));
    expect(third.state).toBe(3);
  });
});
