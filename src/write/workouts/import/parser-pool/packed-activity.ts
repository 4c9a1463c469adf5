import type { TelemetryPoint } from '../../telemetry-point';
import type { ParsedActivity } from '../parsed-activity';

/**
 * A ParsedActivity as it crosses from a parser thread: the points in one Float64Array that is
 * transferred, not cloned. Structured-cloning 100,000 point objects costs the receiving event
 * loop about 150 ms; rebuilding them from one array costs about 20.
 */
export interface PackedActivity extends Omit<ParsedActivity, 'points'> {
  /** FIELDS_PER_POINT numbers per point, in the order of POINT_FIELDS; NaN where a point has no value. */
  points: Float64Array<ArrayBuffer>;
}

/** Also the order of a point's keys, as TrackBuilder makes them. */
const POINT_FIELDS = ['t', 'lat', 'lon', 'ele', 'hr', 'cad'] as const;
const FIELDS_PER_POINT = POINT_FIELDS.length;

/** Points hold only finite numbers (TrackBuilder checks them), so NaN is free to mean "absent". */
export function packActivity({ points, ...rest }: ParsedActivity): PackedActivity {
  const packed = new Float64Array(points.length * FIELDS_PER_POINT);
  points.forEach((point, i) => {
    POINT_FIELDS.forEach((field, f) => {
      packed[i * FIELDS_PER_POINT + f] = point[field] ?? NaN;
    });
  });
  return { ...rest, points: packed };
}

export function unpackActivity(packed: PackedActivity): ParsedActivity {
  const { sport_type, start_date, file_totals, name } = packed;
  // Same key order as TrackBuilder.finish, so that anything serialised from it is byte-identical.
  const activity: ParsedActivity = { sport_type, start_date, points: unpackPoints(packed.points), file_totals };
  if (name !== undefined) activity.name = name;
  return activity;
}

function unpackPoints(packed: Float64Array<ArrayBuffer>): TelemetryPoint[] {
  const points = new Array<TelemetryPoint>(packed.length / FIELDS_PER_POINT);
  for (let i = 0; i < points.length; i++) {
    const at = i * FIELDS_PER_POINT;
    const point: TelemetryPoint = { t: packed[at], lat: packed[at + 1], lon: packed[at + 2] };
    const ele = packed[at + 3];
    const hr = packed[at + 4];
    const cad = packed[at + 5];
    if (!Number.isNaN(ele)) point.ele = ele;
    if (!Number.isNaN(hr)) point.hr = hr;
    if (!Number.isNaN(cad)) point.cad = cad;
    points[i] = point;
  }
  return points;
}
