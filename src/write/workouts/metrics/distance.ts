import { haversineDegrees } from './haversine';
import type { SmoothedPositions } from './smoothed-positions';
import { STEP_CONTINUOUS, type Track } from './track';

/**
 * Cumulative distance in metres at every point.
 *
 * Distance is the sum of haversine chords between fitted positions (`fitPositions`) of moving points: from
 * the last anchor, a chord is closed at the first moving point at least `minChord` metres away (the point
 * becomes the anchor); `minChord` is `MIN_CHORD_NOISE_MULTIPLE` times the workout's position noise, so a
 * chord is always long enough for the noise of its two ends to add little to it. Standing still adds
 * nothing: stationary points never close a chord, so jitter around a stop is ignored and only the net
 * displacement between the last anchor and the next moving point counts. At a gap or jump the open chord
 * is closed at the last moving point; a moving gap or jump is then a chord of its own, and after a stopped
 * gap the point behind it becomes the anchor (nothing recorded the device moving, so whatever the fix
 * wandered across the gap does not count). At the end the open chord is closed at the last moving point.
 * Each chord's length is spread over the moving steps it spans in proportion to their duration (so the
 * distance profile is smooth in time). O(n).
 */
export function cumulativeDistance(
  track: Track,
  positions: SmoothedPositions,
  moving: Uint8Array,
  minChord: number,
): Float64Array {
  const { n, t, step } = track;
  const { lat, lon } = positions;
  const increment = new Float64Array(n);
  let anchor = 0;
  let lastMoving = -1;
  let movingSeconds = 0;

  const chordTo = (b: number): number => haversineDegrees(lat[anchor], lon[anchor], lat[b], lon[b]);
  const close = (to: number, length: number): void => {
    for (let k = anchor + 1; k <= to; k++) {
      if (moving[k]) increment[k] = (length * (t[k] - t[k - 1])) / movingSeconds;
    }
    anchor = to;
    movingSeconds = 0;
  };

  for (let i = 1; i < n; i++) {
    if (step[i] !== STEP_CONTINUOUS) {
      if (lastMoving > anchor) close(lastMoving, chordTo(lastMoving));
      if (moving[i]) increment[i] = chordTo(i);
      anchor = i;
      lastMoving = i;
      movingSeconds = 0;
      continue;
    }
    if (!moving[i]) continue;
    lastMoving = i;
    movingSeconds += t[i] - t[i - 1];
    const chord = chordTo(i);
    if (chord >= minChord) close(i, chord);
  }
  if (lastMoving > anchor) close(lastMoving, chordTo(lastMoving));

  const cumulative = new Float64Array(n);
  for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1] + increment[i];
  return cumulative;
}
