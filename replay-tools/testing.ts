import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../src/core/event-schemas';
import type { AppendResult, EventMetadata, EventStore, NewEvent } from '../src/core/event-store';
import type { ReadStore } from '../src/core/read-store';
import { SqliteEventStore } from '../src/infra/event-store/sqlite/sqlite-event-store';
import { MemoryReadStore } from '../src/infra/read-store/memory/memory-read-store';
import type { Role, Visibility } from '../src/write/identity/events';
import type { CommandContext } from './command';

/** A throwaway SQLite event store (schema-checked, as in the application) and a memory read store. */
export interface Fixture {
  dir: string;
  raw: SqliteEventStore;
  store: EventStore;
  readStore: ReadStore;
  close(): Promise<void>;
}

export function openFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'replay-tools-'));
  const raw = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
  const store = new SchemaCheckedEventStore(raw, EventSchemaRegistry.load());
  const readStore = new MemoryReadStore();
  return {
    dir,
    raw,
    store,
    readStore,
    async close() {
      await readStore.close();
      await raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Captures what a command prints. */
export interface Captured {
  out: string[];
  err: string[];
  text(): string;
}

export function contextFor(fixture: Pick<Fixture, 'store' | 'readStore'>, extra: Partial<CommandContext> = {}): CommandContext & { captured: Captured } {
  const captured: Captured = { out: [], err: [], text: () => [...captured.out, ...captured.err].join('\n') };
  return {
    store: fixture.store,
    readStore: fixture.readStore,
    out: (line) => void captured.out.push(line),
    err: (line) => void captured.err.push(line),
    ...extra,
    captured,
  };
}

export const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0123456789abcdefghijklmnopqrstuvwxyzABCDE';

function metadata(actorId: string, requestId: string, overrides: Partial<EventMetadata> = {}): EventMetadata {
  const command = randomUUID();
  return {
    eventId: randomUUID(),
    correlationId: command,
    causationId: command,
    actorId,
    occurredAt: '2026-03-01T10:00:00.000Z',
    schemaVersion: 1,
    requestId,
    ...overrides,
  };
}

export const userStream = (userId: string) => `user-${userId}`;
export const emailStream = (email: string) => `useremail-${createHash('sha256').update(email).digest('hex')}`;

/** What RegisterUser writes: the e-mail claim, then the user's first event. */
export async function registerUser(
  store: EventStore,
  user: { userId?: string; email: string; displayName: string; roles?: Role[]; visibility?: Visibility; requestId?: string },
): Promise<{ userId: string; registered: AppendResult }> {
  const userId = user.userId ?? randomUUID();
  const requestId = user.requestId ?? `req-${userId.slice(0, 8)}`;
  await claimEmail(store, user.email, userId, requestId);
  const registered = await append(store, userStream(userId), {
    type: 'UserRegistered',
    data: {
      user_id: userId,
      email: user.email,
      display_name: user.displayName,
      password_hash: PASSWORD_HASH,
      roles: user.roles ?? [],
      default_visibility: user.visibility ?? 'everyone',
    },
    metadata: metadata(userId, requestId),
  });
  return { userId, registered };
}

export async function claimEmail(store: EventStore, email: string, userId: string, requestId = 'req-claim'): Promise<AppendResult> {
  return append(store, emailStream(email), { type: 'EmailClaimed', data: { email, user_id: userId }, metadata: metadata(userId, requestId) });
}

export async function updateProfile(
  store: EventStore,
  userId: string,
  changes: { display_name?: string; default_visibility?: Visibility },
  occurredAt = '2026-03-02T08:30:00.000Z',
): Promise<AppendResult> {
  return append(store, userStream(userId), {
    type: 'UserProfileUpdated',
    data: { user_id: userId, ...changes },
    metadata: metadata(userId, 'req-update', { occurredAt }),
  });
}

export async function grantRole(store: EventStore, userId: string, role: 'organiser' | 'reviewer', adminId: string): Promise<AppendResult> {
  return append(store, userStream(userId), { type: 'UserRoleGranted', data: { user_id: userId, role }, metadata: metadata(adminId, 'req-grant') });
}

function append(store: EventStore, stream: string, event: NewEvent): Promise<AppendResult> {
  return store.appendToStream(stream, [event]);
}
