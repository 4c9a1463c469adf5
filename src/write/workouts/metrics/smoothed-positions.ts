import { fitQuadraticInTime, smoothInTime } from './smoothing';
import type { Track } from './track';

export interface SmoothedPositions {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
}

/**
 * Positions averaged by a local linear fit in time over t ± `halfWindowS` within each section (the sport's
 * `movementSmoothingHalfWindowS`), to damp GPS jitter before moving and stopped steps are told apart.
 */
export function smoothPositions(track: Track, halfWindowS: number): SmoothedPositions {
  return {
    lat: smoothInTime(track, track.lat, halfWindowS),
    lon: smoothInTime(track, track.lon, halfWindowS),
  };
}

/**
 * Positions fitted by a local quadratic in time over t ± `halfWindowS` within each section (the sport's
 * `distanceSmoothingHalfWindowS`), the positions distance is measured between: they damp GPS jitter about
 * as much as `smoothPositions` over half the window, without pulling the path inside its bends.
 */
export function fitPositions(track: Track, halfWindowS: number): SmoothedPositions {
  return {
    lat: fitQuadraticInTime(track, track.lat, halfWindowS),
    lon: fitQuadraticInTime(track, track.lon, halfWindowS),
  };
}
