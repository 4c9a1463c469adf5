import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor, requestContext } from '../../core/decider';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../../core/event-schemas';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '../../core/event-store';
import { SqliteEventStore } from '../../infra/event-store/sqlite/sqlite-event-store';
import { challengeDefinition } from './challenge-definitions';
import { challengeDecider } from './challenge.decider';
import { challengeStream } from './events';

const ORGANISER = randomUUID();

describe('challenge definitions', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  let streamReads: string[];
  let processor: CommandProcessor;
  let schemas: EventSchemaRegistry;

  /** The store, with every stream read written down. */
  function counted(store: EventStore): EventStore {
    return new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'readStream') return Reflect.get(target, property, receiver) as unknown;
        return (streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> => {
          streamReads.push(streamId);
          return target.readStream(streamId, options);
        };
      },
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'definitions-'));
    sqlite = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    schemas = EventSchemaRegistry.load();
    streamReads = [];
    processor = new CommandProcessor(counted(new SchemaCheckedEventStore(sqlite, schemas)), schemas);
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (on: CommandProcessor, challengeId: string) =>
    on.handle(
      challengeStream(challengeId),
      challengeDecider,
      { type: 'CreateChallenge', challengeId, name: 'Spring distance', kind: 'total_distance', sportType: 'Run', startDate: '2026-03-01T00:00:00Z', endDate: '2026-04-01T00:00:00Z', organiserId: ORGANISER, organiserRoles: ['organiser'] },
      { ...requestContext(ORGANISER, randomUUID(), new Date()), commandId: `create-challenge:${challengeId}` },
    );

  it('reads a created challenge from its stream once, then answers from memory', async () => {
    const challengeId = randomUUID();
    await create(processor, challengeId);
    streamReads = [];
    const first = await challengeDefinition(processor, challengeId);
    const again = await challengeDefinition(processor, challengeId);
    expect(first).toMatchObject({ challenge_id: challengeId, kind: 'total_distance', sport_type: 'Run', organiser_id: ORGANISER });
    expect(again).toBe(first);
    expect(streamReads).toEqual([challengeStream(challengeId)]);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('does not remember a challenge that does not exist: it is found as soon as it is created, by any writer', async () => {
    const challengeId = randomUUID();
    expect(await challengeDefinition(processor, challengeId)).toBeUndefined();
    // Another instance (its own processor on the same store) creates it.
    const elsewhere = new CommandProcessor(new SchemaCheckedEventStore(sqlite, schemas), schemas);
    await create(elsewhere, challengeId);
    expect(await challengeDefinition(processor, challengeId)).toMatchObject({ challenge_id: challengeId });
  });

  it('keeps the definitions of different stores apart', async () => {
    const challengeId = randomUUID();
    await create(processor, challengeId);
    expect(await challengeDefinition(processor, challengeId)).toBeDefined();
    const otherDir = mkdtempSync(join(tmpdir(), 'definitions-other-'));
    const other = new SqliteEventStore(join(otherDir, 'events.sqlite'), { synchronous: 'NORMAL' });
    try {
      expect(await challengeDefinition(new CommandProcessor(new SchemaCheckedEventStore(other, schemas), schemas), challengeId)).toBeUndefined();
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('stays what was created: creating the challenge again changes nothing', async () => {
    const challengeId = randomUUID();
    await create(processor, challengeId);
    const before = await challengeDefinition(processor, challengeId);
    expect((await create(processor, challengeId)).events).toEqual([]);
    expect(await challengeDefinition(processor, challengeId)).toEqual(before);
  });
});
