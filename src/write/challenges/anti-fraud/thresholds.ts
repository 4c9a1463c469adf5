import type { BestEffortName } from '../../workouts/metrics';
import type { SportType } from '../../workouts/telemetry-point';

/**
 * Every threshold of the anti-fraud rules, in one place. docs/anti-fraud.md gives the reason for each value.
 * Units: metres, seconds, m/s, m/s², bpm, steps (or revolutions) per minute.
 */

// ---- preparing the track (shared by the rules) ---------------------------------------------------------

/**
 * Speeds above a sport's limit are judged against records with this margin: a limit is 15 % faster than the
 * world-record pace for that duration or distance. It absorbs GPS distance error (a few per cent), wind,
 * downhill courses and the fastest athletes, and still leaves a car, a bike or a motorbike far above it.
 */
export const RECORD_MARGIN = 1.15;

/** m: distance is summed along chords at least this long (noise perpendicular to the path adds little to them). */
export const CHORD_MIN_M = 20;

/** m/s: a step faster than this is a teleport, not movement: no vehicle an athlete could use goes this fast. */
export const TELEPORT_SPEED_MPS = 100;

/** s: a step longer than this is a GPS gap (the gap rule judges it; windows of the other rules never cross it). */
export const GAP_MIN_S = 60;

// ---- position_jump -----------------------------------------------------------------------------------

/** m: a teleport is flagged when it covers at least this much ground (shorter ones are GPS re-acquisition errors). */
export const POSITION_JUMP_MIN_M = 1000;

// ---- gps_gap_covering_distance -------------------------------------------------------------------------

/** m: a gap is flagged only when the straight line across it is at least this long (and faster than the sport). */
export const GAP_MIN_DISTANCE_M = 500;

// ---- impossible_acceleration ----------------------------------------------------------------------------

/**
 * s: acceleration is the change between the mean speeds of consecutive windows this long, divided by this
 * length; a rise must hold for two windows after it (a fall for two before it).
 */
export const ACCELERATION_WINDOW_S = 10;

// ---- implausible_heart_rate -----------------------------------------------------------------------------

/** bpm: heart rates outside this range are treated as missing (as the metrics engine does). */
export const MIN_VALID_HEART_RATE = 25;
export const MAX_VALID_HEART_RATE = 250;
/** s: a resting heart rate at hard running speed must last this long to be flagged. */
export const RESTING_HR_WINDOW_S = 300;
/** m/s: hard running (4:10 min/km); Run and TrailRun only. */
export const HARD_RUNNING_SPEED_MPS = 4;
/** bpm: a mean heart rate at or below this is resting level (the upper bound of a normal resting heart rate). */
export const RESTING_HEART_RATE_MAX = 100;
/** The share of a window's time that must be covered by heart-rate samples for its mean to count. */
export const MIN_HEART_RATE_COVERAGE = 0.8;
/** s: the same heart-rate value, sample after sample, for this long is a simulator or an edited file. */
export const FLAT_HEART_RATE_MIN_S = 300;
/** ...over at least this many consecutive samples (a sparse recording proves little). */
export const FLAT_HEART_RATE_MIN_SAMPLES = 30;

// ---- cadence_of_another_sport ---------------------------------------------------------------------------

/** s: the cadence rule looks at windows this long. */
export const CADENCE_WINDOW_S = 120;
/** /min: the crank cadence of cycling. Steps per minute of a foot sport at speed are far above it. */
export const PEDALLING_CADENCE_MIN = 60;
export const PEDALLING_CADENCE_MAX = 100;
/** m/s: foot-sport speed at which a cadence in the pedalling band is flagged (steps would be over 1.8 m long). */
export const CADENCE_CHECK_MIN_SPEED_MPS = 3;
/** Share of the window's cadence samples inside the pedalling band. */
export const PEDALLING_SHARE_MIN = 0.8;
/** Share of the window's points that carry a cadence. */
export const MIN_CADENCE_COVERAGE = 0.8;

// ---- duplicate_track ------------------------------------------------------------------------------------

/** s: the track is resampled at this interval (from its first point) for its fingerprint. */
export const FINGERPRINT_RESAMPLE_S = 10;
/** degrees: resampled positions are rounded to this (about 1.1 m of latitude). */
export const FINGERPRINT_QUANTUM_DEG = 1e-5;

// ---- per sport ------------------------------------------------------------------------------------------

export interface SpeedWindowLimit {
  /** s: the window is the shortest stretch of at least this long starting at a point. */
  windowS: number;
  /** m/s: the window's mean speed above this is flagged. */
  maxSpeed: number;
}

export interface BestEffortRecord {
  name: BestEffortName;
  /** s: the world record over that distance. */
  recordS: number;
  /** Who holds it, for the reviewer. */
  record: string;
}

export interface SportFraudLimits {
  /**
   * s: positions are averaged over t ± this (inside a section) before the path is measured, as the metrics
   * engine does before it tells moving from stopped: about 10 m of path at the sport's usual speed.
   */
  smoothingHalfWindowS: number;
  /** Fastest mean speed over windows of several lengths; empty: not checked (Workout). */
  speedWindows: readonly SpeedWindowLimit[];
  /** `best_efforts` faster than record / `RECORD_MARGIN` are flagged; empty: not checked. */
  bestEffortRecords: readonly BestEffortRecord[];
  /** m/s²: sustained acceleration (speed rising) above this is flagged; null: not checked. */
  maxAcceleration: number | null;
  /** m/s²: sustained deceleration above this is flagged; null: not checked (brakes stop a bike hard). */
  maxDeceleration: number | null;
  /** Resting heart rate at hard running speed (Run, TrailRun). */
  checkRestingHeartRateAtSpeed: boolean;
  /** Pedalling cadence at foot-sport speed (Run, TrailRun, Walk, Hike). */
  checkPedallingCadence: boolean;
}

/**
 * Running world records (World Athletics, men, as of 2025), the limits' base. Fastest time windows are
 * interpolated between them: 60 s ≈ 8.6 m/s (between 400 m in 43.03 s and 600 m in 1:12.81), 300 s ≈ 7.0 m/s
 * (2000 m in 4:43.13, 3000 m), 1200 s ≈ 6.5 m/s (5000 m, 10,000 m), 3600 s ≈ 6.2 m/s (half marathon).
 */
export const RUNNING_RECORDS: readonly BestEffortRecord[] = [
  { name: '1K', recordS: 131.96, record: 'Noah Ngeny, 1999' },
  { name: '1 mile', recordS: 223.13, record: 'Hicham El Guerrouj, 1999' },
  { name: '5K', recordS: 755.36, record: 'Joshua Cheptegei, 2020' },
  { name: '10K', recordS: 1571, record: 'Joshua Cheptegei, 2020' },
  { name: 'Half-Marathon', recordS: 3402, record: 'Jacob Kiplimo, 2025' },
  { name: 'Marathon', recordS: 7235, record: 'Kelvin Kiptum, 2023' },
];

const RUN: SportFraudLimits = {
  smoothingHalfWindowS: 2,
  speedWindows: [
    { windowS: 60, maxSpeed: 10 },
    { windowS: 300, maxSpeed: 8.1 },
    { windowS: 1200, maxSpeed: 7.4 },
    { windowS: 3600, maxSpeed: 7.1 },
  ],
  bestEffortRecords: RUNNING_RECORDS,
  maxAcceleration: 1.5,
  maxDeceleration: 1.5,
  checkRestingHeartRateAtSpeed: true,
  checkPedallingCadence: true,
};

/** Race-walking records: mile 5:31 (4.86 m/s), 10,000 m 37:53 (4.40), 20 km 1:16:36 (4.35). */
const WALK: SportFraudLimits = {
  smoothingHalfWindowS: 4,
  speedWindows: [
    { windowS: 60, maxSpeed: 6 },
    { windowS: 300, maxSpeed: 5.5 },
    { windowS: 1200, maxSpeed: 5 },
    { windowS: 3600, maxSpeed: 4.8 },
  ],
  bestEffortRecords: [],
  maxAcceleration: 1.5,
  maxDeceleration: 1.5,
  checkRestingHeartRateAtSpeed: false,
  checkPedallingCadence: true,
};

/** Road descents reach 25-36 m/s for seconds; the hour record is 15.8 m/s; the fastest team time trials 16 m/s. */
const RIDE: SportFraudLimits = {
  smoothingHalfWindowS: 1,
  speedWindows: [
    { windowS: 60, maxSpeed: 30 },
    { windowS: 300, maxSpeed: 25 },
    { windowS: 1200, maxSpeed: 20 },
    { windowS: 3600, maxSpeed: 16.5 },
  ],
  bestEffortRecords: [],
  maxAcceleration: 2,
  maxDeceleration: null,
  checkRestingHeartRateAtSpeed: false,
  checkPedallingCadence: false,
};

/** Downhill world-cup top speeds are about 22 m/s; a mountain bike is slower than a road bike everywhere else. */
const MOUNTAIN_BIKE_RIDE: SportFraudLimits = {
  ...RIDE,
  speedWindows: [
    { windowS: 60, maxSpeed: 25 },
    { windowS: 300, maxSpeed: 20 },
    { windowS: 1200, maxSpeed: 15 },
    { windowS: 3600, maxSpeed: 12 },
  ],
};

/** Swimming records: 50 m 2.39 m/s, 1500 m 1.72 m/s, 10 km open water about 1.5 m/s; currents can add to them. */
const SWIM: SportFraudLimits = {
  smoothingHalfWindowS: 4,
  speedWindows: [
    { windowS: 60, maxSpeed: 3 },
    { windowS: 300, maxSpeed: 2.5 },
    { windowS: 1200, maxSpeed: 2.2 },
    { windowS: 3600, maxSpeed: 2 },
  ],
  bestEffortRecords: [],
  maxAcceleration: 1,
  maxDeceleration: 1,
  checkRestingHeartRateAtSpeed: false,
  checkPedallingCadence: false,
};

/** A generic workout can be anything: only the sport-independent rules apply. */
const WORKOUT: SportFraudLimits = {
  smoothingHalfWindowS: 2,
  speedWindows: [],
  bestEffortRecords: [],
  maxAcceleration: null,
  maxDeceleration: null,
  checkRestingHeartRateAtSpeed: false,
  checkPedallingCadence: false,
};

export const SPORT_FRAUD_LIMITS: Readonly<Record<SportType, SportFraudLimits>> = {
  Run: RUN,
  TrailRun: RUN,
  Walk: WALK,
  Hike: WALK,
  Ride: RIDE,
  MountainBikeRide: MOUNTAIN_BIKE_RIDE,
  Swim: SWIM,
  Workout: WORKOUT,
};

/**
 * m/s: the fastest a sport allows on average over `durationS` seconds: the speed windows interpolated
 * linearly in log(duration), held flat before the first and after the last. Infinity when the sport has none.
 */
export function sustainedSpeedLimit(limits: SportFraudLimits, durationS: number): number {
  const windows = limits.speedWindows;
  if (windows.length === 0) return Infinity;
  if (durationS <= windows[0].windowS) return windows[0].maxSpeed;
  for (let k = 1; k < windows.length; k++) {
    const a = windows[k - 1];
    const b = windows[k];
    if (durationS <= b.windowS) {
      const f = Math.log(durationS / a.windowS) / Math.log(b.windowS / a.windowS);
      return a.maxSpeed + f * (b.maxSpeed - a.maxSpeed);
    }
  }
  return windows[windows.length - 1].maxSpeed;
}
