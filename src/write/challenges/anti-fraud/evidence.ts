import type { EvidenceValue } from './fraud-flag';
import type { PreparedTrack } from './prepared-track';

/** Where point i of the prepared track is: epoch ms, index into the normalised stream, seconds into the workout. */
export function at(track: PreparedTrack, i: number, prefix = ''): Record<string, EvidenceValue> {
  return {
    [`${prefix}t`]: track.epochMs[i],
    [`${prefix}index`]: track.index[i],
    [`${prefix}elapsed_s`]: round(track.t[i], 0),
  };
}

/** Rounds for display in evidence (evidence is for people; the rules compare unrounded values). */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** `h:mm:ss` or `m:ss`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A duration in words: `45 s`, `5 min`, `2 min 30 s`, `1 h 5 min`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${m} min`;
}

/** `12.5 m/s (45 km/h)`. */
export function speed(mps: number): string {
  return `${mps.toFixed(1)} m/s (${Math.round(mps * 3.6)} km/h)`;
}

/** `850 m` or `5.0 km`. */
export function distance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** The sport's name in a sentence: `a run`, `a trail run`, `a mountain-bike ride`. */
export function sportPhrase(sport: string): string {
  const words: Record<string, string> = {
    Run: 'a run',
    TrailRun: 'a trail run',
    Walk: 'a walk',
    Hike: 'a hike',
    Ride: 'a ride',
    MountainBikeRide: 'a mountain-bike ride',
    Swim: 'a swim',
    Workout: 'a workout',
  };
  return words[sport] ?? `a ${sport}`;
}
