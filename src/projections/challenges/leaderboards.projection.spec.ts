import type { RecordedEvent } from '../../core/event-store';
import { LeaderboardEntry, Leaderboards, MAX_SCORE } from '../../core/leaderboard';
import { MemoryLeaderboards } from '../../infra/leaderboard/memory/memory-leaderboards';
import { RedisLeaderboards } from '../../infra/leaderboard/redis/redis-leaderboards';
import { seededRandom } from '../../infra/leaderboard/testing';
import { MemoryReadStore } from '../../infra/read-store/memory/memory-read-store';
import { startRedis, RedisServer } from '../../../test/support/redis-server';
import type { ChallengeKind, FlagRecord } from '../../write/challenges/events';
import { applyEvents, ProjectionModels, projectionModels } from '../projection';
import { boardName, BOARDS, leaderboardsProjection, PARTICIPANTS } from './leaderboards.projection';

const T0 = Date.UTC(2026, 5, 1, 8);
const FLAG: FlagRecord[] = [{ rule: 'speed_above_sport_limit', reason: 'too fast for a run', evidence: { speed_mps: 25 } }];

/** Events of a history, positioned in order as `$all` would deliver them. */
class History {
  readonly events: RecordedEvent[] = [];

  private add(type: string, data: object): RecordedEvent {
    const position = BigInt(this.events.length + 1);
    const recorded: RecordedEvent = {
      streamId: `s-${position}`,
      type,
      data,
      metadata: { eventId: `e-${position}`, correlationId: 'c', causationId: 'c', actorId: 'system', occurredAt: new Date(T0).toISOString(), schemaVersion: 1 },
      revision: 0n,
      position,
      recordedAt: new Date(T0).toISOString(),
    };
    this.events.push(recorded);
    return recorded;
  }

  created(challengeId: string, kind: ChallengeKind) {
    return this.add('ChallengeCreated', { challenge_id: challengeId, name: challengeId, kind, sport_type: 'Run', start_date: '2026-06-01T00:00:00.000Z', end_date: '2026-07-01T00:00:00.000Z', organiser_id: 'org' });
  }
  result(challengeId: string, userId: string, workoutId: string, value: number, achievedAt: number, flags: FlagRecord[] = []) {
    return this.add('ChallengeResultRecorded', { challenge_id: challengeId, user_id: userId, workout_id: workoutId, start_date: new Date(achievedAt - 600_000).toISOString(), value, achieved_at: new Date(achievedAt).toISOString(), flags });
  }
  reviewed(challengeId: string, userId: string, workoutId: string, decision: 'approve' | 'reject') {
    return this.add('ChallengeResultReviewed', { challenge_id: challengeId, user_id: userId, workout_id: workoutId, decision, reviewer_id: 'rita', reason: 'checked', evidence: FLAG });
  }
  withdrawn(challengeId: string, userId: string, workoutId: string) {
    return this.add('ChallengeResultWithdrawn', { challenge_id: challengeId, user_id: userId, workout_id: workoutId, why: 'discarded' });
  }
  left(challengeId: string, userId: string) {
    return this.add('ChallengeLeft', { challenge_id: challengeId, user_id: userId });
  }
}

interface Projected {
  readStore: MemoryReadStore;
  models: ProjectionModels;
  boards: Leaderboards;
}

function projected(boards: Leaderboards = new MemoryLeaderboards()): Projected {
  const readStore = new MemoryReadStore();
  return { readStore, models: projectionModels(readStore, leaderboardsProjection), boards };
}

async function board(target: Projected, challengeId: string): Promise<LeaderboardEntry[]> {
  const entries: LeaderboardEntry[] = [];
  for await (const entry of target.boards.entries(boardName(target.models, challengeId))) entries.push(entry);
  return entries;
}

async function documents(target: Projected): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {};
  for (const collection of [PARTICIPANTS, BOARDS]) {
    for await (const [id, document] of target.models.collection<object>(collection).entries()) all[`${collection}/${id}`] = document;
  }
  return all;
}

const oneByOne = async (target: Projected, events: readonly RecordedEvent[]) => {
  for (const event of events) await leaderboardsProjection.apply(event, target.models, { store: undefined as never, leaderboards: target.boards });
};
const inPages = async (target: Projected, events: readonly RecordedEvent[], cuts: () => number) => {
  for (let start = 0; start < events.length; ) {
    const end = Math.min(events.length, start + cuts());
    await applyEvents(leaderboardsProjection, events.slice(start, end), target.models, { store: undefined as never, leaderboards: target.boards });
    start = end;
  }
};

/**
 * A busy history over two boards: results (some flagged), reviews both ways, withdrawals,
 * leaves, many ties to the second, and events delivered twice (a re-delivery after a crash).
 */
function busyHistory(seed: number): History {
  const random = seededRandom(seed);
  const history = new History();
  history.created('distance', 'total_distance');
  history.created('fast5k', 'fastest_5k');
  const users = Array.from({ length: 40 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
  const flagged: Array<[string, string, string]> = [];
  const recorded: Array<[string, string, string]> = [];
  for (let step = 0; step < 600; step++) {
    const challenge = random() < 0.6 ? 'distance' : 'fast5k';
    const user = users[Math.floor(random() * users.length)];
    const roll = random();
    if (roll < 0.6) {
      const workout = `w-${step}`;
      const value = challenge === 'distance' ? Math.floor(random() * 20) * 500 : 1200 + Math.floor(random() * 10) * 30;
      const flags = random() < 0.15 ? FLAG : [];
      history.result(challenge, user, workout, value, T0 + Math.floor(random() * 30) * 1000 + Math.floor(random() * 1000), flags);
      (flags.length > 0 ? flagged : recorded).push([challenge, user, workout]);
    } else if (roll < 0.75 && flagged.length > 0) {
      const [c, u, w] = flagged[Math.floor(random() * flagged.length)];
      history.reviewed(c, u, w, random() < 0.6 ? 'approve' : 'reject');
    } else if (roll < 0.85 && recorded.length > 0) {
      const [c, u, w] = recorded[Math.floor(random() * recorded.length)];
      history.withdrawn(c, u, w);
    } else if (roll < 0.88) {
      history.left(challenge, user);
    } else if (history.events.length > 3) {
      // Delivered again: an event already seen, at its own position.
      history.events.push(history.events[2 + Math.floor(random() * (history.events.length - 3))]);
    }
  }
  return history;
}

describe('the leaderboards projection', () => {
  it('builds the same boards and documents from pages of any size as from one event at a time', async () => {
    const { events } = busyHistory(7);
    const reference = projected();
    await oneByOne(reference, events);
    const random = seededRandom(11);
    for (const cuts of [() => 1, () => 7, () => 1 + Math.floor(random() * 60), () => events.length]) {
      const paged = projected();
      await inPages(paged, events, cuts);
      expect(await board(paged, 'distance')).toEqual(await board(reference, 'distance'));
      expect(await board(paged, 'fast5k')).toEqual(await board(reference, 'fast5k'));
      expect(await documents(paged)).toEqual(await documents(reference));
    }
    expect((await board(reference, 'distance')).length).toBeGreaterThan(10);
    expect((await board(reference, 'fast5k')).length).toBeGreaterThan(10);
  });

  it('changes nothing when a page is delivered again, whole or in part', async () => {
    const { events } = busyHistory(8);
    const target = projected();
    await inPages(target, events, () => 50);
    const before = { distance: await board(target, 'distance'), documents: await documents(target) };
    await inPages(target, events.slice(100, 400), () => 120);
    await oneByOne(target, events.slice(380, 420));
    expect(await board(target, 'distance')).toEqual(before.distance);
    expect(await documents(target)).toEqual(before.documents);
  });

  it('sets each board once per page, with every standing the page changed', async () => {
    const history = new History();
    history.created('distance', 'total_distance');
    for (let i = 0; i < 30; i++) history.result('distance', `u${i % 10}`, `w${i}`, 1000 + i, T0 + i * 1000);
    const boards = new MemoryLeaderboards();
    const calls: Array<[string, number]> = [];
    const watched: Leaderboards = Object.assign(Object.create(boards) as Leaderboards, {
      setScores: async (name: string, updates: Parameters<Leaderboards['setScores']>[1]) => {
        calls.push([name, updates.length]);
        await boards.setScores(name, updates);
      },
    });
    const target = projected(watched);
    await inPages(target, history.events, () => history.events.length);
    expect(calls).toEqual([[boardName(target.models, 'distance'), 10]]);
    expect((await board(target, 'distance'))[0]).toMatchObject({ rank: 1, userId: 'u9', score: 1009 + 1019 + 1029 });
  });

  it('holds a flagged result off the board until a reviewer approves it, and takes it off when rejected', async () => {
    const history = new History();
    history.created('distance', 'total_distance');
    history.result('distance', 'ann', 'honest', 3000, T0);
    history.result('distance', 'bob', 'car', 42_000, T0 + 1000, FLAG);
    const target = projected();
    await inPages(target, history.events, () => 10);
    expect((await board(target, 'distance')).map((e) => e.userId)).toEqual(['ann']);
    const approvedAt = history.events.length;
    history.reviewed('distance', 'bob', 'car', 'approve');
    await inPages(target, history.events.slice(approvedAt), () => 10);
    expect((await board(target, 'distance')).map((e) => [e.userId, e.score])).toEqual([['bob', 42_000], ['ann', 3000]]);
    const rejectedAt = history.events.length;
    history.reviewed('distance', 'bob', 'car', 'reject');
    await inPages(target, history.events.slice(rejectedAt), () => 10);
    expect((await board(target, 'distance')).map((e) => e.userId)).toEqual(['ann']);
  });

  it('ranks equal scores by who got there first, in any page cut', async () => {
    const history = new History();
    history.created('fast5k', 'fastest_5k');
    history.result('fast5k', 'late', 'w1', 1500, T0 + 60_000);
    history.result('fast5k', 'early', 'w2', 1500, T0);
    history.result('fast5k', 'faster', 'w3', 1499, T0 + 120_000);
    for (const size of [1, 2, 4]) {
      const target = projected();
      await inPages(target, history.events, () => size);
      expect((await board(target, 'fast5k')).map((e) => [e.userId, e.score])).toEqual([
        ['faster', -1499],
        ['early', -1500],
        ['late', -1500],
      ]);
    }
  });

  it('clamps an outlandish score, keeps a standing with an impossible time off the board, and carries on', async () => {
    const history = new History();
    history.created('distance', 'total_distance');
    history.result('distance', 'giant', 'w1', MAX_SCORE * 2, T0);
    history.result('distance', 'timetraveller', 'w2', 500, Date.UTC(2019, 11, 31));
    history.result('distance', 'ann', 'w3', 700, T0);
    const target = projected();
    await inPages(target, history.events, () => 10);
    expect((await board(target, 'distance')).map((e) => [e.userId, e.score])).toEqual([
      ['giant', MAX_SCORE],
      ['ann', 700],
    ]);
  });

  describe('on Redis', () => {
    let server: RedisServer;
    let boards: RedisLeaderboards;
    beforeAll(async () => {
      server = await startRedis();
      boards = RedisLeaderboards.create(server.url, { prefix: 'projection-spec:', chunkSize: 16 });
    });
    afterAll(async () => {
      await boards?.close();
      await server?.stop();
    });

    it('builds from pages the boards one event at a time builds', async () => {
      const { events } = busyHistory(9);
      const reference = projected();
      await oneByOne(reference, events);
      const paged = projected(boards);
      await inPages(paged, events, () => 45);
      expect(await board(paged, 'distance')).toEqual(await board(reference, 'distance'));
      expect(await board(paged, 'fast5k')).toEqual(await board(reference, 'fast5k'));
    });
  });
});
