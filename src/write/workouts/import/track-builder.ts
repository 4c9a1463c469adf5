import type { SportType, TelemetryPoint } from '../telemetry-point';
import { ActivityImportError } from './activity-import-error';
import { MAX_IMPORT_POINTS } from './limits';
import type { FileTotals, ParsedActivity } from './parsed-activity';
import { FOOT_SPORTS } from './sport';

/** One sample as a format parser read it, before validation. */
export interface PointCandidate {
  /** Epoch ms, `undefined` when the sample has no (readable) time. */
  t: number | undefined;
  /**
   * `undefined`: the sample has no position at all (FIT record before a GPS fix, TCX
   * Trackpoint without `<Position>`); otherwise its coordinates, possibly unreadable.
   */
  position: { lat: number | undefined; lon: number | undefined } | undefined;
  ele?: number | undefined;
  hr?: number | undefined;
  /** As the file states it: per leg (strides/min) for foot sports, rpm for rides. */
  cad?: number | undefined;
}

export type SkipReason = 'no_position' | 'invalid_position' | 'zero_position' | 'no_time';

const SKIP_DESCRIPTIONS: Record<SkipReason, (count: number) => string> = {
  no_position: (n) => `${n} ${n === 1 ? 'has' : 'have'} no position`,
  invalid_position: (n) => `${n} ${n === 1 ? 'has' : 'have'} a missing, non-numeric or out-of-range latitude/longitude`,
  zero_position: (n) =>
    `${n} ${n === 1 ? 'is' : 'are'} at 0°N 0°E, the placeholder some devices write when they have no GPS fix`,
  no_time: (n) => `${n} ${n === 1 ? 'has' : 'have'} no valid time`,
};

/** Times outside this window are unreadable or sentinel values, not workouts. */
export const EARLIEST_POINT_TIME = Date.UTC(1985, 0, 1);
export const LATEST_POINT_TIME = Date.UTC(2100, 0, 1);
/** A file's declared start (FIT session, TCX lap) is used when at most this long before its first point. */
const MAX_DECLARED_START_LEAD_MS = 24 * 60 * 60 * 1000;
const MAX_NAME_LENGTH = 255;

const inRange = (value: number | undefined, min: number, max: number): value is number =>
  value !== undefined && Number.isFinite(value) && value >= min && value <= max;

/** The point's time and position if both are usable, else why it is skipped. */
function validPoint({ t, position }: PointCandidate): TelemetryPoint | SkipReason {
  if (position === undefined) return 'no_position';
  const { lat, lon } = position;
  if (!inRange(lat, -90, 90) || !inRange(lon, -180, 180)) return 'invalid_position';
  if (lat === 0 && lon === 0) return 'zero_position';
  if (!inRange(t, EARLIEST_POINT_TIME, LATEST_POINT_TIME - 1)) return 'no_time';
  return { t, lat, lon };
}

export interface ActivitySummary {
  sport_type: SportType;
  /** Epoch ms of the start the file declares, if it has one. */
  declaredStart?: number | undefined;
  file_totals: FileTotals;
  name?: string | undefined;
  /** Added to the message when the file has no usable points, e.g. "it holds 1 route <rte>". */
  emptyHint?: string | undefined;
}

/**
 * Collects a file's samples, keeps the valid ones and counts why others were skipped, then
 * builds the ParsedActivity (sorted points, start date, cadence in steps/min for foot sports).
 */
export class TrackBuilder {
  private readonly points: TelemetryPoint[] = [];
  private readonly skipped = new Map<SkipReason, number>();
  private seen = 0;

  /** `pointNoun` names the file's samples in messages: "<trkpt> elements", "FIT records". */
  constructor(private readonly pointNoun: string) {}

  add(candidate: PointCandidate): void {
    this.seen += 1;
    const point = validPoint(candidate);
    if (typeof point === 'string') {
      this.skipped.set(point, (this.skipped.get(point) ?? 0) + 1);
      return;
    }
    if (this.points.length >= MAX_IMPORT_POINTS) {
      throw new ActivityImportError(
        'too_many_points',
        `the file has more than ${MAX_IMPORT_POINTS} track points with a position; at most ${MAX_IMPORT_POINTS} can be imported`,
      );
    }
    const { ele, hr, cad } = candidate;
    if (inRange(ele, -1000, 10_000)) point.ele = ele;
    if (inRange(hr, 1, 300)) point.hr = hr;
    if (inRange(cad, 0, 300)) point.cad = cad;
    this.points.push(point);
  }

  finish(summary: ActivitySummary): ParsedActivity {
    if (this.points.length < 2) throw this.emptyActivity(summary.emptyHint);
    const sorted = [...this.points].sort((a, b) => a.t - b.t); // stable: equal times keep file order
    const points = FOOT_SPORTS.has(summary.sport_type)
      ? sorted.map((point) => (point.cad === undefined ? point : { ...point, cad: point.cad * 2 }))
      : sorted;
    const first = points[0]!.t;
    const declared = summary.declaredStart;
    const start =
      declared !== undefined && Number.isFinite(declared) && declared >= first - MAX_DECLARED_START_LEAD_MS
        ? Math.min(declared, first)
        : first;
    const activity: ParsedActivity = {
      sport_type: summary.sport_type,
      start_date: new Date(start).toISOString(),
      points,
      file_totals: summary.file_totals,
    };
    const name = summary.name?.trim().slice(0, MAX_NAME_LENGTH);
    if (name) activity.name = name;
    return activity;
  }

  private emptyActivity(hint: string | undefined): ActivityImportError {
    const suffix = hint === undefined ? '' : `; ${hint}`;
    if (this.seen === 0) {
      return new ActivityImportError('empty_activity', `the file contains no track points (no ${this.pointNoun})${suffix}`);
    }
    const reasons = [...this.skipped]
      .map(([reason, count]) => SKIP_DESCRIPTIONS[reason](count))
      .join(', ');
    const breakdown = `of ${this.seen} ${this.pointNoun}, ${reasons}`;
    const message =
      this.points.length === 0
        ? `the file contains no track points with a position and time: ${breakdown}${suffix}`
        : `the file contains only 1 track point with a position and time, an activity needs at least 2: ${breakdown}${suffix}`;
    return new ActivityImportError('empty_activity', message);
  }
}
