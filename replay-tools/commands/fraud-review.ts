import type { RecordedEvent } from '../../src/core/event-store';
import type { ChallengeCreated, ChallengeKind, FlagRecord, ParticipationEvent } from '../../src/write/challenges/events';
import { challengeStream, participationStreamPrefix } from '../../src/write/challenges/events';
import { CommandFailure, expectPositionals, parseArgs, UsageError } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { errorLine } from '../command';
import { plural, table, toJson } from '../format';

export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

export interface FraudReviewOptions {
  challengeId: string;
  status?: ReviewStatus;
  json?: boolean;
}

/** Where an event is, so an auditor can find it again with `inspect` or `tail`. */
export interface EventTrace {
  streamId: string;
  revision: bigint;
  position: bigint;
  recordedAt: string;
  eventId: string;
  correlationId: string;
  causationId: string;
  actorId: string;
  requestId: string | null;
}

export interface ReviewDecision {
  decision: 'approve' | 'reject';
  reviewerId: string;
  reason: string;
  /** The flags the reviewer judged, as the event holds them. */
  evidence: FlagRecord[];
  /** The decision's metadata occurredAt. */
  decidedAt: string;
  event: EventTrace;
}

export interface Withdrawal {
  why: string;
  withdrawnAt: string;
  event: EventTrace;
}

/** One flagged result of a challenge and everything that happened to it, from the events alone. */
export interface FlaggedResult {
  challengeId: string;
  workoutId: string;
  athleteId: string;
  value: number;
  unit: string;
  startDate: string;
  achievedAt: string;
  /** The recording's metadata occurredAt: when the result was recorded (and flagged). */
  flaggedAt: string;
  status: ReviewStatus;
  flags: FlagRecord[];
  recorded: EventTrace;
  /** Every review, in `$all` order. */
  decisions: ReviewDecision[];
  withdrawal: Withdrawal | null;
}

export interface FraudReview {
  challenge: ChallengeCreated['data'];
  /** Sorted by flaggedAt, then `$all` position. */
  results: FlaggedResult[];
  counts: Record<ReviewStatus, number>;
  /** Things in the streams the write model would not have produced (decisions on unknown results, re-recordings). */
  anomalies: string[];
}

const NAME = 'fraud-review';

export const HELP = `Usage: replay-tools fraud-review <challengeId> [--status pending|approved|rejected|withdrawn] [--json]

Lists every flagged result of a challenge (a ChallengeResultRecorded with at
least one anti-fraud flag), read from the event streams themselves
(participation-<challengeId>_*), not from a read model: workout, athlete,
value, when it was recorded, each flag's rule, reason and full evidence, the
current status, and every reviewer decision in order (decision, reviewer,
reason, the evidence they judged, when) with the event's $all position,
eventId, correlationId and requestId (look it up with "inspect" or "tail").
Sorted by when the result was flagged; a summary of counts by status ends the
list.

Status: pending (flagged, no decision yet), approved or rejected (the latest
decision), withdrawn (the workout no longer counts).

Options:
  --status S   only results whose current status is S (the summary still
               counts every flagged result)
  --json       one JSON object per flagged result per line (positions and
               revisions as strings); no header or summary

Exit code 1 when the challenge does not exist.

Examples:
  replay-tools fraud-review 3f6c1d2e-8a4b-4c7d-9e1f-2a3b4c5d6e7f
  replay-tools fraud-review 3f6c1d2e-8a4b-4c7d-9e1f-2a3b4c5d6e7f --status pending --json`;

/** The JSON Schemas' "uuid" format: any hex UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RESULT_EVENT_TYPES: ReadonlySet<string> = new Set(['ChallengeResultRecorded', 'ChallengeResultReviewed', 'ChallengeResultWithdrawn']);

/** Reads the challenge's definition and its participation streams, and folds every flagged result. */
export async function reviewChallenge(context: Pick<CommandContext, 'store'>, challengeId: string): Promise<FraudReview> {
  const { store } = context;
  let challenge: ChallengeCreated['data'] | undefined;
  for await (const event of store.readStream(challengeStream(challengeId))) {
    if (event.type === 'ChallengeCreated') {
      challenge = (event as RecordedEvent & ChallengeCreated).data;
      break;
    }
  }
  if (!challenge) {
    throw new CommandFailure(`challenge "${challengeId}" not found: stream ${challengeStream(challengeId)} has no ChallengeCreated event`);
  }

  /** Every recorded result (flagged or not), by stream and workout, to tell a decision on an unflagged result from one on an unknown result. */
  const results = new Map<string, FlaggedResult | 'unflagged'>();
  const anomalies: string[] = [];
  const unit = unitOf(challenge.kind);

  for await (const recorded of store.readAll({ filter: { streamPrefixes: [participationStreamPrefix(challengeId)] } })) {
    if (!RESULT_EVENT_TYPES.has(recorded.type)) continue;
    const event = recorded as RecordedEvent & ParticipationEvent;
    if (event.type === 'ChallengeJoined' || event.type === 'ChallengeLeft') continue;
    const key = `${event.streamId}|${event.data.workout_id}`;
    const current = results.get(key);
    switch (event.type) {
      case 'ChallengeResultRecorded': {
        // The write model records a workout once; a second recording replaces the first (as its evolve does).
        if (current !== undefined) anomalies.push(`workout ${event.data.workout_id} of ${event.data.user_id} recorded again at position ${event.position}; the latest recording is shown`);
        const { workout_id, user_id, value, start_date, achieved_at, flags } = event.data;
        results.set(
          key,
          flags.length === 0
            ? 'unflagged'
            : {
                challengeId,
                workoutId: workout_id,
                athleteId: user_id,
                value,
                unit,
                startDate: start_date,
                achievedAt: achieved_at,
                flaggedAt: event.metadata.occurredAt,
                status: 'pending',
                flags,
                recorded: traceOf(event),
                decisions: [],
                withdrawal: null,
              },
        );
        break;
      }
      case 'ChallengeResultReviewed': {
        if (current === undefined || current === 'unflagged') {
          anomalies.push(`${event.data.decision} by ${event.data.reviewer_id} at position ${event.position} is on workout ${event.data.workout_id}, which has no ${current === undefined ? 'recorded' : 'flagged'} result`);
          break;
        }
        const { decision, reviewer_id, reason, evidence } = event.data;
        current.decisions.push({ decision, reviewerId: reviewer_id, reason, evidence, decidedAt: event.metadata.occurredAt, event: traceOf(event) });
        current.status = decision === 'approve' ? 'approved' : 'rejected';
        break;
      }
      case 'ChallengeResultWithdrawn':
        // Withdrawing an unflagged (or unknown) result is not a review matter.
        if (current === undefined || current === 'unflagged') break;
        current.withdrawal = { why: event.data.why, withdrawnAt: event.metadata.occurredAt, event: traceOf(event) };
        current.status = 'withdrawn';
        break;
    }
  }

  const flagged = [...results.values()].filter((r): r is FlaggedResult => r !== 'unflagged');
  flagged.sort((a, b) => compareInstants(a.flaggedAt, b.flaggedAt) || (a.recorded.position < b.recorded.position ? -1 : a.recorded.position > b.recorded.position ? 1 : 0));
  const counts: Record<ReviewStatus, number> = { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
  for (const result of flagged) counts[result.status]++;
  return { challenge, results: flagged, counts, anomalies };
}

export async function fraudReview(options: FraudReviewOptions, context: CommandContext): Promise<number> {
  const { out } = context;
  const review = await reviewChallenge(context, options.challengeId);
  const shown = options.status ? review.results.filter((r) => r.status === options.status) : review.results;
  const note = errorLine(context);
  for (const anomaly of review.anomalies) note(`note: ${anomaly}`);

  if (options.json) {
    for (const result of shown) out(toJson(result));
    return 0;
  }

  const { challenge } = review;
  out(`challenge ${challenge.challenge_id}  "${challenge.name}"`);
  for (const line of table(
    [
      ['kind', `${challenge.kind} (value in ${unitOf(challenge.kind)})`],
      ['sport', challenge.sport_type],
      ['window', `${challenge.start_date} to ${challenge.end_date}`],
      ['organiser', challenge.organiser_id],
    ],
    '  ',
  )) {
    out(line);
  }
  for (const result of shown) {
    out('');
    for (const line of formatResult(result)) out(line);
  }
  out('');
  if (shown.length === 0) out(review.results.length === 0 ? 'no flagged results' : `no flagged result is ${options.status}`);
  out(summary(review, shown.length, options.status));
  return 0;
}

function summary(review: FraudReview, shown: number, status: ReviewStatus | undefined): string {
  const counts = REVIEW_STATUSES.map((s) => `${review.counts[s]} ${s}`).join(', ');
  const filtered = status ? `; ${shown} shown (--status ${status})` : '';
  return `(${plural(review.results.length, 'flagged result')}: ${counts}${filtered})`;
}

export function formatResult(result: FlaggedResult): string[] {
  const lines = [`workout ${result.workoutId}  athlete ${result.athleteId}  ${result.status.toUpperCase()}`];
  lines.push(
    ...table(
      [
        ['value', `${result.value} ${result.unit}`],
        ['workout', `${result.startDate} to ${result.achievedAt}`],
        ['flagged at', result.flaggedAt],
        ['recorded', trace(result.recorded)],
      ],
      '  ',
    ),
  );
  lines.push(`  flags (${result.flags.length})`);
  for (const flag of result.flags) lines.push(...formatFlag(flag, '    '));
  lines.push(result.decisions.length === 0 ? '  decisions: none' : `  decisions (${result.decisions.length}, oldest first)`);
  result.decisions.forEach((d, i) => {
    lines.push(`    ${i + 1}. ${d.decision.toUpperCase()} by reviewer ${d.reviewerId} at ${d.decidedAt}`);
    lines.push(...table([['reason', d.reason], ['event', trace(d.event)]], '       '));
    lines.push(`       judged (${d.evidence.length} ${d.evidence.length === 1 ? 'flag' : 'flags'})`);
    for (const flag of d.evidence) lines.push(...formatFlag(flag, '         '));
  });
  if (result.withdrawal) {
    const w = result.withdrawal;
    lines.push(`  withdrawn at ${w.withdrawnAt}`);
    lines.push(...table([['why', w.why], ['event', trace(w.event)]], '    '));
  }
  return lines;
}

function formatFlag(flag: FlagRecord, indent: string): string[] {
  return [`${indent}- ${flag.rule}: ${flag.reason}`, `${indent}  evidence ${toJson(flag.evidence)}`];
}

function trace(t: EventTrace): string {
  return `position ${t.position}  ${t.streamId}@${t.revision}  eventId ${t.eventId}  correlationId ${t.correlationId}  requestId ${t.requestId ?? '-'}`;
}

function traceOf(event: RecordedEvent): EventTrace {
  const { eventId, correlationId, causationId, actorId, requestId } = event.metadata;
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    eventId,
    correlationId,
    causationId,
    actorId,
    requestId: requestId ?? null,
  };
}

function unitOf(kind: ChallengeKind): string {
  switch (kind) {
    case 'total_distance':
      return 'm';
    case 'fastest_5k':
      return 's';
    case 'most_workouts':
      return 'workout';
  }
}

/** ISO instants compared as instants (offsets may differ); unparsable ones as text. */
function compareInstants(a: string, b: string): number {
  const x = Date.parse(a);
  const y = Date.parse(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return a < b ? -1 : a > b ? 1 : 0;
  return x - y;
}

export const fraudReviewCommand: CommandDefinition = {
  name: NAME,
  summary: 'the flagged results of a challenge, with flags, evidence and every review decision',
  help: HELP,
  parse(args) {
    const parsed = parseArgs(NAME, args, { flags: ['json'], values: ['status'] });
    const [challengeId] = expectPositionals(NAME, parsed, ['challengeId']);
    if (!UUID.test(challengeId)) throw new UsageError(`<challengeId> must be a UUID, got "${challengeId}"`, NAME);
    const rawStatus = parsed.value('status');
    const status = REVIEW_STATUSES.find((s) => s === rawStatus);
    if (rawStatus !== undefined && status === undefined) {
      throw new UsageError(`--status must be one of ${REVIEW_STATUSES.join(', ')}, got "${rawStatus}"`, NAME);
    }
    const options: FraudReviewOptions = { challengeId, status, json: parsed.flag('json') };
    return { kind: 'online', command: NAME, followsSignal: false, run: (context) => fraudReview(options, context) };
  },
};
