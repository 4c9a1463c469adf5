import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { collect, EventSchemaError, NewEvent } from '../event-store';
import { SqliteEventStore } from '../../infra/event-store/sqlite/sqlite-event-store';
import { EventSchemaRegistry, findSchemaDirectory } from './schema-registry';
import { SchemaCheckedEventStore } from './schema-checked-event-store';

const metadata = (schemaVersion = 1) => ({
  eventId: randomUUID(),
  correlationId: 'corr',
  causationId: 'cause',
  actorId: 'actor',
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion,
});

const registered = (data: Record<string, unknown> = {}): NewEvent => ({
  type: 'UserRegistered',
  data: {
    user_id: randomUUID(),
    email: 'ann@example.com',
    display_name: 'Ann',
    password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    roles: [],
    default_visibility: 'everyone',
    ...data,
  },
  metadata: metadata(),
});

describe('event schemas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
  let store: SqliteEventStore;
  let checked: SchemaCheckedEventStore;

  beforeAll(() => {
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    checked = new SchemaCheckedEventStore(store, EventSchemaRegistry.load());
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores an event that matches its schema', async () => {
    await checked.appendToStream('user-ok', [registered()]);
    expect(await collect(store.readStream('user-ok'))).toHaveLength(1);
  });

  it.each([
    ['a field of the wrong type', registered({ display_name: 42 })],
    ['an unknown field', registered({ is_admin: true })],
    ['a missing field', { ...registered(), data: { user_id: randomUUID() } }],
    ['an unknown event type', { ...registered(), type: 'UserTeleported' }],
    ['an older schema version', { ...registered(), metadata: metadata(0) }],
    ['metadata without an actor', { ...registered(), metadata: { ...metadata(), actorId: undefined } as unknown as NewEvent['metadata'] }],
  ])('refuses %s and writes nothing of the batch', async (_case, bad) => {
    const head = await store.headPosition();
    await expect(checked.appendToStream('user-bad', [registered(), bad as NewEvent])).rejects.toBeInstanceOf(EventSchemaError);
    expect(await store.headPosition()).toBe(head);
  });

  it('names what is wrong with the event', async () => {
    await expect(checked.appendToStream('user-bad', [registered({ display_name: '' })])).rejects.toThrow(/data\/display_name must NOT have fewer than 1 characters/);
  });
});

describe('upcasting older event versions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upcast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lifts events written at v1 to the current v2 when they are read', async () => {
    const schemas = join(dir, 'schemas');
    mkdirSync(schemas);
    copyFileSync(join(findSchemaDirectory(), 'metadata.json'), join(schemas, 'metadata.json'));
    const v1 = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } };
    const v2 = {
      type: 'object',
      additionalProperties: false,
      required: ['first_name', 'last_name'],
      properties: { first_name: { type: 'string' }, last_name: { type: 'string' } },
    };
    writeFileSync(join(schemas, 'PersonNamed.v1.json'), JSON.stringify(v1));
    const oldRegistry = EventSchemaRegistry.load(schemas);
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await new SchemaCheckedEventStore(store, oldRegistry).appendToStream('person-1', [
      { type: 'PersonNamed', data: { name: 'Ada Lovelace' }, metadata: metadata(1) },
    ]);

    writeFileSync(join(schemas, 'PersonNamed.v2.json'), JSON.stringify(v2));
    const split = (data: unknown) => {
      const [first_name, ...rest] = (data as { name: string }).name.split(' ');
      return { first_name, last_name: rest.join(' ') };
    };
    const newRegistry = EventSchemaRegistry.load(schemas, [{ type: 'PersonNamed', fromVersion: 1, upcast: split }]);
    const [event] = await collect(new SchemaCheckedEventStore(store, newRegistry).readStream('person-1'));
    expect(event.data).toEqual({ first_name: 'Ada', last_name: 'Lovelace' });
    expect(event.metadata.schemaVersion).toBe(2);
    await store.close();
  });

  it('refuses to start with an upcaster leading to a version that has no schema', () => {
    expect(() => EventSchemaRegistry.load(undefined, [{ type: 'UserRegistered', fromVersion: 1, upcast: (d) => d }])).toThrow(/no schema/);
  });
});
