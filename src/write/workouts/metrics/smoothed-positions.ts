import { smoothInTime } from './smoothing';
import type { Track } from './track';

export interface SmoothedPositions {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
}

/**
 * Positions smoothed by a local linear fit in time over t ± `halfWindowS` within each section (the sport's
 * `positionSmoothingHalfWindowS`), to damp GPS jitter before speeds and distances are measured.
 */
export function smoothPositions(track: Track, halfWindowS: number): SmoothedPositions {
  return {
    lat: smoothInTime(track, track.lat, halfWindowS),
    lon: smoothInTime(track, track.lon, halfWindowS),
  };
}
