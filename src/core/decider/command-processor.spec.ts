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

  it('decides a command on a cached stream without reading the stream again', async () => {
    const processor = new CommandProcessor(store, schemas);
    await processor.handle('counter-5', counter, { type: 'Count', expect: 0 }, requestContext('a', 'c-1', new Date()));
    const reads = jest.spyOn(store, 'readStream');
    const second = await processor.handle('counter-5', counter, { type: 'Count', expect: 1 }, requestContext('a', 'c-2', new Date()));
    expect(second.state).toBe(2);
    expect(reads).not.toHaveBeenCalled();
  });

  it('appends on a cached state only at the revision it saw: another writer\'s append makes it read and decide again', async () => {
    const processor = new CommandProcessor(store, schemas);
    const tally: Decider<{ type: 'Add' }, number[], Counted> = {
      initialState: [],
      decide: (_command, seen) => [{ type: 'Counted', data: { n: seen.length + 1 } }],
      evolve: (seen, event) => [...seen, event.data.n],
    };
    await processor.handle('tally-1', tally, { type: 'Add' }, requestContext('a', 't-1', new Date()));
    await new CommandProcessor(store, schemas).handle('tally-1', tally, { type: 'Add' }, requestContext('a', 't-2', new Date()));
    const third = await processor.handle('tally-1', tally, { type: 'Add' }, requestContext('a', 't-3', new Date()));
    expect(third.state).toEqual([1, 2, 3]);
    expect((await collect(store.readStream('tally-1'))).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('checks a decision to append nothing against the stream, not only against its cache', async () => {
    type Switched = { type: 'SwitchedOn' | 'SwitchedOff'; data: Record<string, never> };
    type Switch = { type: 'SwitchOn' | 'SwitchOff' };
    const light: Decider<Switch, boolean, Switched> = {
      initialState: false,
      decide: (command, on) => {
        const wantOn = command.type === 'SwitchOn';
        return wantOn === on ? [] : [{ type: wantOn ? 'SwitchedOn' : 'SwitchedOff', data: {} }];
      },
      evolve: (_on, event) => event.type === 'SwitchedOn',
    };
    const processor = new CommandProcessor(store, schemas);
    await processor.handle('light-1', light, { type: 'SwitchOn' }, requestContext('a', 'l-1', new Date()));
    await new CommandProcessor(store, schemas).handle('light-1', light, { type: 'SwitchOff' }, requestContext('a', 'l-2', new Date()));
    // Its cache still says "on", where switching on is nothing to do; the stream says "off".
    const result = await processor.handle('light-1', light, { type: 'SwitchOn' }, requestContext('a', 'l-3', new Date()));
    expect(result.events.map((e) => e.type)).toEqual(['SwitchedOn']);
    expect((await collect(store.readStream('light-1'))).map((e) => e.type)).toEqual(['SwitchedOn', 'SwitchedOff', 'SwitchedOn']);
  });
});
