import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, RecordedEvent } from '../src/core/event-store';
import { collect } from '../src/core/event-store';
import type { ChallengeCreated, ChallengeResultRecorded, ChallengeResultReviewed, FlagRecord } from '../src/write/challenges/events';
import { challengeStream, participationStream } from '../src/write/challenges/events';
import { dispatch } from './dispatch';
import { contextFor, Fixture, openFixture } from './testing';

interface Trace {
  streamId: string;
  revision: string;
  position: string;
  eventId: string;
  correlationId: string;
  requestId: string | null;
}

interface ResultLine {
  challengeId: string;
  workoutId: string;
  athleteId: string;
  value: number;
  unit: string;
  flaggedAt: string;
  status: string;
  flags: FlagRecord[];
  recorded: Trace;
  decisions: Array<{ decision: string; reviewerId: string; reason: string; evidence: FlagRecord[]; decidedAt: string; event: Trace }>;
  withdrawal: { why: string; withdrawnAt: string; event: Trace } | null;
}

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as ResultLine);

const SPEED: FlagRecord = {
  rule: 'speed_above_sport_limit',
  reason: 'ran 5 km in 11:02, faster than the world record allows',
  evidence: { best_5k_s: 662, limit_s: 726, window: '5K', sustained: true },
};
const JUMP: FlagRecord = { rule: 'position_jump', reason: 'jumped 2.4 km in 3 s at 10:14', evidence: { distance_m: 2400, seconds: 3 } };
const GAP: FlagRecord = { rule: 'gps_gap_covering_distance', reason: 'a 9 min GPS gap covered 3.1 km', evidence: { gap_s: 540, distance_m: 3100 } };

function metadata(actorId: string, occurredAt: string, requestId?: string): EventMetadata {
  const command = randomUUID();
  return { eventId: randomUUID(), correlationId: command, causationId: command, actorId, occurredAt, schemaVersion: 1, ...(requestId ? { requestId } : {}) };
}

async function append(store: EventStore, stream: string, type: string, data: unknown, meta: EventMetadata): Promise<RecordedEvent> {
  await store.appendToStream(stream, [{ type, data, metadata: meta }]);
  const [last] = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
  return last;
}

interface Scenario {
  challengeId: string;
  cleo: { userId: string; workoutId: string };
  finn: { userId: string; workoutId: string };
  pia: { userId: string; workoutId: string };
  rae: string;
  rex: string;
  approval: RecordedEvent;
  rejection: RecordedEvent;
  finnRecorded: RecordedEvent;
}

/** A challenge with three participants: Cleo clean, Finn flagged (approved by Rae, then rejected by Rex), Pia flagged and pending. */
async function seed(store: EventStore): Promise<Scenario> {
  const challengeId = randomUUID();
  const organiser = randomUUID();
  const challenge: ChallengeCreated['data'] = {
    challenge_id: challengeId,
    name: 'Spring 5K',
    kind: 'fastest_5k',
    sport_type: 'Run',
    start_date: '2026-03-01T00:00:00.000Z',
    end_date: '2026-03-31T00:00:00.000Z',
    organiser_id: organiser,
  };
  await append(store, challengeStream(challengeId), 'ChallengeCreated', challenge, metadata(organiser, '2026-02-20T09:00:00.000Z', 'req-create'));

  const participant = () => ({ userId: randomUUID(), workoutId: randomUUID() });
  const [cleo, finn, pia] = [participant(), participant(), participant()];
  for (const p of [cleo, finn, pia]) {
    await append(store, participationStream(challengeId, p.userId), 'ChallengeJoined', { challenge_id: challengeId, user_id: p.userId, joined_at: '2026-03-01T08:00:00.000Z' }, metadata(p.userId, '2026-03-01T08:00:00.000Z'));
  }
  const record = (p: { userId: string; workoutId: string }, value: number, flags: FlagRecord[], at: string) => {
    const data: ChallengeResultRecorded['data'] = {
      challenge_id: challengeId,
      user_id: p.userId,
      workout_id: p.workoutId,
      start_date: '2026-03-03T07:00:00.000Z',
      value,
      achieved_at: '2026-03-03T07:30:00.000Z',
      flags,
    };
    return append(store, participationStream(challengeId, p.userId), 'ChallengeResultRecorded', data, metadata('system', at, `req-finish-${p.workoutId.slice(0, 8)}`));
  };
  await record(cleo, 1500, [], '2026-03-03T07:31:00.000Z');
  // Finn's result is appended before Pia's but flagged after it: the list goes by when flagged.
  const finnRecorded = await record(finn, 662, [SPEED, JUMP], '2026-03-05T07:31:00.000Z');
  await record(pia, 1210, [GAP], '2026-03-04T07:31:00.000Z');

  const rae = randomUUID();
  const rex = randomUUID();
  const review = (reviewer: string, decision: 'approve' | 'reject', reason: string, at: string, requestId: string) => {
    const data: ChallengeResultReviewed['data'] = {
      challenge_id: challengeId,
      user_id: finn.userId,
      workout_id: finn.workoutId,
      decision,
      reviewer_id: reviewer,
      reason,
      evidence: [SPEED, JUMP],
    };
    return append(store, participationStream(challengeId, finn.userId), 'ChallengeResultReviewed', data, metadata(reviewer, at, requestId));
  };
  const approval = await review(rae, 'approve', 'watch data looks genuine, treadmill calibration', '2026-03-06T12:00:00.000Z', 'req-approve');
  const rejection = await review(rex, 'reject', 'the jump is a car ride; the 5K split is impossible', '2026-03-07T15:30:00.000Z', 'req-reject');
  return { challengeId, cleo, finn, pia, rae, rex, approval, rejection, finnRecorded };
}

describe('replay-tools fraud-review', () => {
  let fixture: Fixture;
  let s: Scenario;

  beforeEach(async () => {
    fixture = openFixture();
    s = await seed(fixture.store);
  });
  afterEach(() => fixture.close());

  it('lists exactly the flagged results, by when flagged, with flags, evidence and every decision in order', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId], context)).toBe(0);
    const text = context.captured.out.join('\n');
    expect(context.captured.err).toEqual([]);

    expect(text).toContain(`challenge ${s.challengeId}  "Spring 5K"`);
    expect(text).not.toContain(s.cleo.workoutId);
    const headers = context.captured.out.filter((line) => line.startsWith('workout '));
    expect(headers).toEqual([`workout ${s.pia.workoutId}  athlete ${s.pia.userId}  PENDING`, `workout ${s.finn.workoutId}  athlete ${s.finn.userId}  REJECTED`]);

    const finn = text.slice(text.indexOf(`workout ${s.finn.workoutId}`));
    expect(finn).toMatch(/^  value +662 s$/m);
    expect(finn).toMatch(/^  flagged at +2026-03-05T07:31:00.000Z$/m);
    expect(finn).toContain(`position ${s.finnRecorded.position}  ${s.finnRecorded.streamId}@${s.finnRecorded.revision}  eventId ${s.finnRecorded.metadata.eventId}`);
    expect(finn).toContain('    - speed_above_sport_limit: ran 5 km in 11:02, faster than the world record allows');
    expect(finn).toContain('      evidence {"best_5k_s":662,"limit_s":726,"window":"5K","sustained":true}');
    expect(finn).toContain('    - position_jump: jumped 2.4 km in 3 s at 10:14');
    expect(finn).toContain('      evidence {"distance_m":2400,"seconds":3}');

    const approve = finn.indexOf(`1. APPROVE by reviewer ${s.rae} at 2026-03-06T12:00:00.000Z`);
    const reject = finn.indexOf(`2. REJECT by reviewer ${s.rex} at 2026-03-07T15:30:00.000Z`);
    expect(approve).toBeGreaterThan(0);
    expect(reject).toBeGreaterThan(approve);
    const first = finn.slice(approve, reject);
    expect(first).toMatch(/reason +watch data looks genuine, treadmill calibration/);
    expect(first).toContain(
      `event   position ${s.approval.position}  ${s.approval.streamId}@${s.approval.revision}  eventId ${s.approval.metadata.eventId}  correlationId ${s.approval.metadata.correlationId}  requestId req-approve`,
    );
    expect(first).toContain('judged (2 flags)');
    expect(first).toContain('evidence {"best_5k_s":662,"limit_s":726,"window":"5K","sustained":true}');
    const second = finn.slice(reject);
    expect(second).toMatch(/reason +the jump is a car ride; the 5K split is impossible/);
    expect(second).toContain(`position ${s.rejection.position}`);
    expect(second).toContain(`eventId ${s.rejection.metadata.eventId}  correlationId ${s.rejection.metadata.correlationId}  requestId req-reject`);

    const pia = text.slice(text.indexOf(`workout ${s.pia.workoutId}`), text.indexOf(`workout ${s.finn.workoutId}`));
    expect(pia).toContain('- gps_gap_covering_distance: a 9 min GPS gap covered 3.1 km');
    expect(pia).toContain('evidence {"gap_s":540,"distance_m":3100}');
    expect(pia).toContain('decisions: none');

    expect(context.captured.out.at(-1)).toBe('(2 flagged results: 1 pending, 0 approved, 1 rejected, 0 withdrawn)');
  });

  it('filters by --status, still counting every flagged result', async () => {
    const pending = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId, '--status', 'pending'], pending)).toBe(0);
    expect(pending.captured.out.filter((line) => line.startsWith('workout '))).toEqual([`workout ${s.pia.workoutId}  athlete ${s.pia.userId}  PENDING`]);
    expect(pending.captured.out.join('\n')).not.toContain(s.finn.workoutId);
    expect(pending.captured.out.at(-1)).toBe('(2 flagged results: 1 pending, 0 approved, 1 rejected, 0 withdrawn; 1 shown (--status pending))');

    const approved = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId, '--status=approved', '--json'], approved)).toBe(0);
    expect(approved.captured.out).toEqual([]);

    const none = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId, '--status', 'withdrawn'], none)).toBe(0);
    expect(none.captured.out).toContain('no flagged result is withdrawn');
  });

  it('prints one JSON object per flagged result with --json, bigints as strings', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId, '--json'], context)).toBe(0);
    expect(context.captured.out).toHaveLength(2);
    const [pia, finn] = parse(context.captured.out);
    expect(pia).toMatchObject({ workoutId: s.pia.workoutId, athleteId: s.pia.userId, status: 'pending', value: 1210, unit: 's', flags: [GAP], decisions: [], withdrawal: null });
    expect(finn).toMatchObject({
      challengeId: s.challengeId,
      workoutId: s.finn.workoutId,
      athleteId: s.finn.userId,
      status: 'rejected',
      value: 662,
      flaggedAt: '2026-03-05T07:31:00.000Z',
      flags: [SPEED, JUMP],
      recorded: { position: s.finnRecorded.position.toString(), revision: '1', eventId: s.finnRecorded.metadata.eventId },
    });
    expect(finn.decisions).toEqual([
      {
        decision: 'approve',
        reviewerId: s.rae,
        reason: 'watch data looks genuine, treadmill calibration',
        evidence: [SPEED, JUMP],
        decidedAt: '2026-03-06T12:00:00.000Z',
        event: expect.objectContaining({
          position: s.approval.position.toString(),
          revision: '2',
          eventId: s.approval.metadata.eventId,
          correlationId: s.approval.metadata.correlationId,
          requestId: 'req-approve',
        }) as unknown,
      },
      expect.objectContaining({ decision: 'reject', reviewerId: s.rex, event: expect.objectContaining({ position: s.rejection.position.toString(), requestId: 'req-reject' }) as unknown }),
    ]);
  });

  it('shows a withdrawal as its status, with its event', async () => {
    const withdrawn = await append(
      fixture.store,
      participationStream(s.challengeId, s.pia.userId),
      'ChallengeResultWithdrawn',
      { challenge_id: s.challengeId, user_id: s.pia.userId, workout_id: s.pia.workoutId, why: 'workout_discarded' },
      metadata(s.pia.userId, '2026-03-08T10:00:00.000Z', 'req-discard'),
    );
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId, '--status', 'withdrawn'], context)).toBe(0);
    const text = context.captured.out.join('\n');
    expect(text).toContain(`workout ${s.pia.workoutId}  athlete ${s.pia.userId}  WITHDRAWN`);
    expect(text).toContain('withdrawn at 2026-03-08T10:00:00.000Z');
    expect(text).toMatch(/^    why +workout_discarded$/m);
    expect(text).toContain(`position ${withdrawn.position}`);
    expect(context.captured.out.at(-1)).toBe('(2 flagged results: 0 pending, 0 approved, 1 rejected, 1 withdrawn; 1 shown (--status withdrawn))');
  });

  it('notes a decision on a result that was not flagged', async () => {
    await append(
      fixture.store,
      participationStream(s.challengeId, s.cleo.userId),
      'ChallengeResultReviewed',
      { challenge_id: s.challengeId, user_id: s.cleo.userId, workout_id: s.cleo.workoutId, decision: 'reject', reviewer_id: s.rex, reason: 'imported by hand', evidence: [] },
      metadata(s.rex, '2026-03-09T10:00:00.000Z'),
    );
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', s.challengeId], context)).toBe(0);
    expect(context.captured.err.join('\n')).toContain(`note: reject by ${s.rex} at position`);
    expect(context.captured.err.join('\n')).toContain(`is on workout ${s.cleo.workoutId}, which has no flagged result`);
    expect(context.captured.out.join('\n')).not.toContain(s.cleo.workoutId);
  });

  it('says so when the challenge has no flagged results', async () => {
    const other = randomUUID();
    const organiser = randomUUID();
    await append(
      fixture.store,
      challengeStream(other),
      'ChallengeCreated',
      { challenge_id: other, name: 'Quiet month', kind: 'total_distance', sport_type: 'Ride', start_date: '2026-04-01T00:00:00.000Z', end_date: '2026-04-30T00:00:00.000Z', organiser_id: organiser },
      metadata(organiser, '2026-03-20T09:00:00.000Z'),
    );
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', other], context)).toBe(0);
    expect(context.captured.out.slice(-2)).toEqual(['no flagged results', '(0 flagged results: 0 pending, 0 approved, 0 rejected, 0 withdrawn)']);
  });

  it('exits 1 for an unknown challenge', async () => {
    const unknown = randomUUID();
    const context = contextFor(fixture);
    expect(await dispatch(['fraud-review', unknown], context)).toBe(1);
    expect(context.captured.err.join('\n')).toContain(`challenge "${unknown}" not found`);
    expect(context.captured.out).toEqual([]);
  });

  it.each([
    [['fraud-review'], 'missing <challengeId>'],
    [['fraud-review', 'spring-5k'], '<challengeId> must be a UUID, got "spring-5k"'],
    [['fraud-review', '00000000-0000-4000-8000-000000000000', '--status', 'open'], '--status must be one of pending, approved, rejected, withdrawn, got "open"'],
    [['fraud-review', '00000000-0000-4000-8000-000000000000', 'extra'], 'unexpected argument "extra"'],
    [['fraud-review', '00000000-0000-4000-8000-000000000000', '--all'], 'unknown option "--all"'],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const context = contextFor(fixture);
    expect(await dispatch(argv, context)).toBe(2);
    expect(context.captured.err.join('\n')).toContain(message);
    expect(context.captured.err.join('\n')).toContain('run "replay-tools fraud-review --help" for its usage');
    expect(context.captured.out).toEqual([]);
  });

  it('has --help and is listed among the commands', async () => {
    const help = contextFor(fixture);
    expect(await dispatch(['fraud-review', '--help'], help)).toBe(0);
    expect(help.captured.out[0]).toMatch(/^Usage: replay-tools fraud-review <challengeId>/);
    const list = contextFor(fixture);
    expect(await dispatch(['--help'], list)).toBe(0);
    expect(list.captured.out.join('\n')).toMatch(/^  fraud-review +\S/m);
  });
});
