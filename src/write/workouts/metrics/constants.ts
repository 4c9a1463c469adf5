/** Every constant of the engine, in one place; docs/metrics.md explains each. */

/** s: a step between two consecutive points longer than this is a gap (the device recorded nothing). */
export const MAX_GAP_S = 10;

/** m: slack added to `maxPlausibleSpeed * dt` before a jump between two points counts as impossible. */
export const SPIKE_SLACK_M = 20;
/** A spike is up to this many consecutive points off the track before it comes back. */
export const SPIKE_MAX_POINTS = 3;

/**
 * Distance is summed along chords between fitted moving positions that are at least this many times the
 * workout's estimated GPS noise (`estimatePositionNoise`, per-axis sigma in metres) long.
 */
export const MIN_CHORD_NOISE_MULTIPLE = 10;

/** m: elevations are smoothed (local linear fit) over this many metres either side along the track... */
export const ELEVATION_SMOOTHING_HALF_WINDOW_M = 25;
/** s: ...or over this many seconds either side, whichever window reaches farther. */
export const ELEVATION_SMOOTHING_HALF_WINDOW_S = 5;
/** m: a climb or descent is counted only once the smoothed elevation has moved this far from its last extreme. */
export const ELEVATION_HYSTERESIS_M = 3;
/** m: elevations outside this range are treated as missing. */
export const MIN_VALID_ELEVATION_M = -500;
export const MAX_VALID_ELEVATION_M = 9000;

/** s: max_speed is the fastest average speed over a window at least this long. */
export const MAX_SPEED_WINDOW_S = 10;

/** bpm: heart rates outside this range are treated as missing. */
export const MIN_VALID_HEARTRATE = 25;
export const MAX_VALID_HEARTRATE = 250;
/** max_heartrate is the highest running median of this many consecutive heart-rate samples. */
export const HEARTRATE_MEDIAN_SAMPLES = 5;
/** bpm: the max heart rate used when the athlete has not given theirs (220 - age, for age 30). */
export const DEFAULT_MAX_HEARTRATE = 190;
/** Lower bounds of the five heart-rate zones, as fractions of max heart rate. */
export const HEARTRATE_ZONE_FRACTIONS: readonly number[] = [0.5, 0.6, 0.7, 0.8, 0.9];

/** m: length of one split of `splits_metric`. */
export const SPLIT_LENGTH_M = 1000;
/** m: a last partial split shorter than this is merged into the split before it. */
export const MIN_LAST_SPLIT_M = 1;
