import type { ErrorDetail } from '../../core/domain-error';
import type { TelemetryPoint } from './telemetry-point';

/** Limits every telemetry point and batch must respect (docs/workouts.md). */
export const TELEMETRY_LIMITS = {
  maxPointsPerBatch: 1000,
  maxSeq: 1_000_000,
  /** Points may start a little before the declared start (clock skew between devices). */
  earliestBeforeStartMs: 10 * 60_000,
  /** A workout lasts at most this long. */
  longestWorkoutMs: 7 * 24 * 3600_000,
  /** Points may be a little in the future (clock skew), never more. */
  futureToleranceMs: 5 * 60_000,
  elevation: { min: -500, max: 9000 },
  heartrate: { min: 25, max: 250 },
  cadence: { min: 0, max: 300 },
} as const;

/** 1000 points of about 100 bytes each, with room to spare. */
export const TELEMETRY_BODY_LIMIT_BYTES = 256 * 1024;

const KEYS = new Set(['t', 'lat', 'lon', 'ele', 'hr', 'cad']);

/**
 * Checks the shape and ranges of a batch as sent by a client, naming each wrong point by its
 * index. Returns the problems (empty when the batch is good); stops after 20 of them.
 */
export function telemetryBatchProblems(body: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ message: 'the body must be a JSON object' }];
  const { seq, points, ...unknown } = body as Record<string, unknown>;
  for (const field of Object.keys(unknown)) problems.push({ field, message: `property ${field} should not exist` });
  if (!Number.isInteger(seq) || (seq as number) < 0 || (seq as number) > TELEMETRY_LIMITS.maxSeq) {
    problems.push({ field: 'seq', message: `seq must be an integer from 0 to ${TELEMETRY_LIMITS.maxSeq}` });
  }
  if (!Array.isArray(points)) {
    problems.push({ field: 'points', message: 'points must be an array' });
    return problems;
  }
  if (points.length === 0) problems.push({ field: 'points', message: 'points must not be empty' });
  if (points.length > TELEMETRY_LIMITS.maxPointsPerBatch) {
    problems.push({ field: 'points', message: `a batch holds at most ${TELEMETRY_LIMITS.maxPointsPerBatch} points, got ${points.length}` });
    return problems;
  }
  for (let i = 0; i < points.length && problems.length < 20; i++) {
    const problem = pointProblem(points[i]);
    if (problem) problems.push({ field: `points[${i}]${problem.field ? `.${problem.field}` : ''}`, message: problem.message, index: i });
  }
  return problems;
}

function pointProblem(point: unknown): { field?: string; message: string } | undefined {
  if (typeof point !== 'object' || point === null || Array.isArray(point)) return { message: 'a point must be an object' };
  const p = point as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!KEYS.has(key)) return { field: key, message: `unknown field ${key}` };
  if (!isFiniteNumber(p.t) || !Number.isInteger(p.t)) return { field: 't', message: 't must be epoch milliseconds (an integer)' };
  if (!inRange(p.lat, -90, 90)) return { field: 'lat', message: 'lat must be a number from -90 to 90' };
  if (!inRange(p.lon, -180, 180)) return { field: 'lon', message: 'lon must be a number from -180 to 180' };
  const { elevation, heartrate, cadence } = TELEMETRY_LIMITS;
  if (p.ele !== undefined && !inRange(p.ele, elevation.min, elevation.max)) return { field: 'ele', message: `ele must be a number from ${elevation.min} to ${elevation.max} metres` };
  if (p.hr !== undefined && !inRange(p.hr, heartrate.min, heartrate.max)) return { field: 'hr', message: `hr must be a number from ${heartrate.min} to ${heartrate.max} bpm` };
  if (p.cad !== undefined && !inRange(p.cad, cadence.min, cadence.max)) return { field: 'cad', message: `cad must be a number from ${cadence.min} to ${cadence.max} per minute` };
  return undefined;
}

/** Points must fall between a little before the start and the end of the longest workout, and not in the future. */
export function pointsOutsideWindow(points: readonly TelemetryPoint[], startMs: number, nowMs: number): ErrorDetail[] {
  const earliest = startMs - TELEMETRY_LIMITS.earliestBeforeStartMs;
  const latest = Math.min(startMs + TELEMETRY_LIMITS.longestWorkoutMs, nowMs + TELEMETRY_LIMITS.futureToleranceMs);
  const problems: ErrorDetail[] = [];
  for (let i = 0; i < points.length && problems.length < 20; i++) {
    const t = points[i].t;
    if (t < earliest || t > latest) {
      problems.push({
        field: `points[${i}].t`,
        index: i,
        message: `t ${new Date(t).toISOString()} is outside the workout's window ${new Date(earliest).toISOString()} .. ${new Date(latest).toISOString()}`,
      });
    }
  }
  return problems;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function inRange(value: unknown, min: number, max: number): boolean {
  return isFiniteNumber(value) && value >= min && value <= max;
}

/** Copies only the known fields, so nothing unexpected reaches an event. */
export function cleanPoint(point: TelemetryPoint): TelemetryPoint {
  const clean: TelemetryPoint = { t: point.t, lat: point.lat, lon: point.lon };
  if (point.ele !== undefined) clean.ele = point.ele;
  if (point.hr !== undefined) clean.hr = point.hr;
  if (point.cad !== undefined) clean.cad = point.cad;
  return clean;
}
