import type { TelemetryPoint } from '../../telemetry-point';
import { EARTH_MEAN_RADIUS_M } from '../haversine';
import { seededRandom } from './seeded-random';

/**
 * Synthetic workouts with a known truth, for accuracy tests of the metrics engine and for anti-fraud tests.
 *
 * The athlete goes round a loop (a rounded rectangle: four straights joined by quarter circles) laid on real
 * coordinates (by default in Berlin's Tiergarten), sampled every `sampleIntervalS`, at a speed given as a
 * profile, with optional pauses (standing still), GPS noise (white plus a slowly wandering drift, both
 * gaussian), one GPS spike, sinusoidal hills with elevation noise, a heart-rate series and cadence. All noise
 * comes from a seeded PRNG, so a given set of options always yields the same points.
 */

/** m/s at a given distance along the route and elapsed time (s); must be > 0. */
export type SpeedProfile = (distanceAlong: number, elapsedS: number) => number;

export interface SyntheticTrackOptions {
  /** Metres covered (the truth distance). */
  distance: number;
  /** m/s, constant or a profile. Default 3. */
  speed?: number | SpeedProfile;
  /** Seconds between samples while nothing else happens. Default 1. */
  sampleIntervalS?: number;
  /** Epoch ms of the first point. Default 2024-05-04T07:30:00Z. */
  startTime?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  route?: {
    /** Position of the loop's south-west corner area (local origin). Default Tiergarten, Berlin. */
    origin?: { lat: number; lon: number };
    /** Metres per lap. Default 2000. */
    loopLength?: number;
    /** Metres. Default 25. */
    cornerRadius?: number;
    /** Long straight / short straight. Default 2. */
    aspect?: number;
  };
  /** `false`: no elevation in the points. Default: flat at 34 m, no noise. */
  elevation?:
    | false
    | {
        /** Metres at the start. Default 34. */
        base?: number;
        /** Height of each hill, metres (valley to top). Default 0. */
        hillHeight?: number;
        /** Whole number of hills per lap. Default 1. */
        hillsPerLoop?: number;
        /** Standard deviation of white gaussian elevation noise, metres. Default 0. */
        noiseSigma?: number;
      };
  /** Standing still (with GPS noise still applied) for `durationS` once `atDistance` metres are covered. */
  pauses?: ReadonlyArray<{ atDistance: number; durationS: number }>;
  /** Per-axis standard deviations, metres: white noise per point plus a first-order Gauss-Markov drift. */
  gpsNoise?: { sigma: number; driftSigma?: number; driftCorrelationS?: number };
  /** One point, the first sampled at or after `atDistance`, moved `offsetM` metres off the track (north-east). */
  spike?: { atDistance: number; offsetM: number };
  /** Heart rate relaxing (first order, time constant `responseS`) to `working` while moving, `resting` while still. */
  heartRate?: {
    resting: number;
    working: number;
    /** Default 30 s. */
    responseS?: number;
    /** White gaussian noise, bpm. Default 0. */
    noiseSigma?: number;
    /** Points whose elapsed time falls in [from, to] seconds carry no heart rate (a strap dropping out). */
    missingBetweenS?: readonly [number, number];
  };
  /** Steps (or revolutions) per minute while moving; 0 while standing. Absent by default. */
  cadence?: number;
}

export interface SyntheticTruth {
  /** Metres along the route. */
  distance: number;
  /** Metres climbed by the noise-free elevation profile. */
  elevationGain: number;
  /** Seconds spent moving (elapsed minus pauses). */
  movingTime: number;
  /** Seconds from the first to the last point. */
  elapsedTime: number;
  /** Seconds standing still. */
  pausedTime: number;
  /** Seconds between consecutive points that both carry a heart rate. */
  heartrateTime: number;
}

export interface SyntheticTrack {
  points: TelemetryPoint[];
  truth: SyntheticTruth;
}

export const DEFAULT_ORIGIN = { lat: 52.5145, lon: 13.3501 } as const;
export const DEFAULT_START_TIME = Date.UTC(2024, 4, 4, 7, 30, 0);
const DEGREES = 180 / Math.PI;

interface Piece {
  length: number;
  at(u: number): [number, number];
}

/** A lap as pieces laid end to end, counter-clockwise from the start of the south straight. */
function roundedRectangle(loopLength: number, radius: number, aspect: number): Piece[] {
  const short = (loopLength - 2 * Math.PI * radius) / (2 * (1 + aspect));
  if (!(short >= 0)) throw new RangeError('loopLength is too short for the corner radius');
  const long = aspect * short;
  const straight = (x0: number, y0: number, dx: number, dy: number, length: number): Piece => ({
    length,
    at: (u) => [x0 + dx * u, y0 + dy * u],
  });
  const corner = (cx: number, cy: number, fromAngle: number): Piece => ({
    length: (Math.PI / 2) * radius,
    at: (u) => {
      const angle = fromAngle + u / radius;
      return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
    },
  });
  const r = radius;
  return [
    straight(r, 0, 1, 0, long),
    corner(r + long, r, -Math.PI / 2),
    straight(2 * r + long, r, 0, 1, short),
    corner(r + long, r + short, 0),
    straight(r + long, 2 * r + short, -1, 0, long),
    corner(r, r + short, Math.PI / 2),
    straight(0, r + short, 0, -1, short),
    corner(r, r, Math.PI),
  ];
}

function positionOnLoop(pieces: readonly Piece[], loopLength: number, s: number): [number, number] {
  let u = ((s % loopLength) + loopLength) % loopLength;
  for (const piece of pieces) {
    if (u <= piece.length) return piece.at(u);
    u -= piece.length;
  }
  const last = pieces[pieces.length - 1];
  return last.at(last.length);
}

/** Metres climbed by base + H/2 * (1 - cos(2 pi k s / L)) from s = 0 to s = distance. */
function sinusoidGain(distance: number, height: number, hillsPerLoop: number, loopLength: number): number {
  const cycles = (hillsPerLoop * distance) / loopLength;
  const whole = Math.floor(cycles);
  const phase = cycles - whole;
  return whole * height + (phase <= 0.5 ? (height / 2) * (1 - Math.cos(2 * Math.PI * phase)) : height);
}

/** Generates a synthetic workout and its truth (see the module comment). */
export function syntheticTrack(options: SyntheticTrackOptions): SyntheticTrack {
  const distance = options.distance;
  if (!(distance >= 0)) throw new RangeError('distance must be >= 0');
  const interval = options.sampleIntervalS ?? 1;
  const startTime = options.startTime ?? DEFAULT_START_TIME;
  const random = seededRandom(options.seed ?? 1);
  const speedOption = options.speed ?? 3;
  const speedAt: SpeedProfile = typeof speedOption === 'number' ? () => speedOption : speedOption;
  const origin = options.route?.origin ?? DEFAULT_ORIGIN;
  const loopLength = options.route?.loopLength ?? 2000;
  const pieces = roundedRectangle(loopLength, options.route?.cornerRadius ?? 25, options.route?.aspect ?? 2);
  const elevation = options.elevation === false ? undefined : (options.elevation ?? {});
  const hillHeight = elevation?.hillHeight ?? 0;
  const hillsPerLoop = elevation?.hillsPerLoop ?? 1;
  const elevationAt = (s: number): number =>
    (elevation?.base ?? 34) + (hillHeight / 2) * (1 - Math.cos((2 * Math.PI * hillsPerLoop * s) / loopLength));
  const pauses = [...(options.pauses ?? [])]
    .filter((p) => p.atDistance <= distance)
    .sort((a, b) => a.atDistance - b.atDistance);
  const noise = options.gpsNoise;
  const driftSigma = noise?.driftSigma ?? 0;
  const driftCorrelation = noise?.driftCorrelationS ?? 60;
  const hrOptions = options.heartRate;

  const points: TelemetryPoint[] = [];
  let driftX = driftSigma * random.gaussian();
  let driftY = driftSigma * random.gaussian();
  let heartRate = hrOptions?.resting ?? 0;
  let lastEmitted = -Infinity;
  let previousHadHr = false;
  let heartrateTime = 0;
  let spikeDone = options.spike === undefined;

  const emit = (s: number, elapsed: number, moving: boolean): void => {
    const dt = elapsed - lastEmitted;
    let [x, y] = positionOnLoop(pieces, loopLength, s);
    if (noise !== undefined) {
      if (Number.isFinite(dt)) {
        const rho = Math.exp(-dt / driftCorrelation);
        const innovation = driftSigma * Math.sqrt(1 - rho * rho);
        driftX = rho * driftX + innovation * random.gaussian();
        driftY = rho * driftY + innovation * random.gaussian();
      }
      x += driftX + noise.sigma * random.gaussian();
      y += driftY + noise.sigma * random.gaussian();
    }
    if (!spikeDone && moving && options.spike !== undefined && s >= options.spike.atDistance) {
      x += options.spike.offsetM / Math.SQRT2;
      y += options.spike.offsetM / Math.SQRT2;
      spikeDone = true;
    }
    const lat = origin.lat + (y / EARTH_MEAN_RADIUS_M) * DEGREES;
    const lon = origin.lon + (x / (EARTH_MEAN_RADIUS_M * Math.cos(lat / DEGREES))) * DEGREES;
    const point: TelemetryPoint = { t: startTime + Math.round(elapsed * 1000), lat, lon };
    if (elevation !== undefined) point.ele = elevationAt(s) + (elevation.noiseSigma ?? 0) * random.gaussian();
    let hasHr = false;
    if (hrOptions !== undefined) {
      const target = moving ? hrOptions.working : hrOptions.resting;
      if (Number.isFinite(dt)) heartRate += (target - heartRate) * (1 - Math.exp(-dt / (hrOptions.responseS ?? 30)));
      const [from, to] = hrOptions.missingBetweenS ?? [Infinity, -Infinity];
      if (elapsed < from || elapsed > to) {
        point.hr = Math.round(heartRate + (hrOptions.noiseSigma ?? 0) * random.gaussian());
        hasHr = true;
      }
    }
    if (hasHr && previousHadHr) heartrateTime += dt;
    previousHadHr = hasHr;
    if (options.cadence !== undefined) point.cad = moving ? options.cadence : 0;
    points.push(point);
    lastEmitted = elapsed;
  };

  let s = 0;
  let elapsed = 0;
  let pausedTime = 0;
  let next = 0;
  emit(0, 0, false);
  for (;;) {
    while (next < pauses.length && pauses[next].atDistance <= s) {
      const end = elapsed + pauses[next].durationS;
      while (elapsed < end) {
        elapsed = Math.min(end, elapsed + interval);
        emit(s, elapsed, false);
      }
      pausedTime += pauses[next].durationS;
      next++;
    }
    if (s >= distance) break;
    const event = Math.min(distance, next < pauses.length ? pauses[next].atDistance : Infinity);
    const v = speedAt(s, elapsed);
    if (!(v > 0)) throw new RangeError(`speed must be > 0, got ${v} at ${s} m`);
    let dt = interval;
    if (s + v * dt >= event) {
      dt = (event - s) / v;
      s = event;
    } else {
      s += v * dt;
    }
    elapsed += dt;
    if (elapsed - lastEmitted >= 0.001) emit(s, elapsed, true);
  }

  return {
    points,
    truth: {
      distance,
      elevationGain: elevation === undefined ? 0 : sinusoidGain(distance, hillHeight, hillsPerLoop, loopLength),
      movingTime: elapsed - pausedTime,
      elapsedTime: elapsed,
      pausedTime,
      heartrateTime,
    },
  };
}
