import {
  ACHIEVED_AT_MAX_MS,
  ACHIEVED_AT_MIN_MS,
  ACHIEVED_AT_SLOTS,
  MAX_SCORE,
  MIN_SCORE,
  scoreUnits,
  timeSlot,
} from '../../core/leaderboard/ordering';
import { decodeStandingKey, standingKey } from './standing-key';
import { seededRandom } from './testing';

/** The order the key must reproduce: higher units first, then the earlier slot. */
function reference(a: [number, number], b: [number, number]): number {
  return scoreUnits(b[0]) - scoreUnits(a[0]) || timeSlot(a[1]) - timeSlot(b[1]);
}

describe('standingKey', () => {
  const extremes: Array<[number, number]> = [
    [MAX_SCORE, ACHIEVED_AT_MIN_MS],
    [MAX_SCORE, ACHIEVED_AT_MAX_MS],
    [MIN_SCORE, ACHIEVED_AT_MIN_MS],
    [MIN_SCORE, ACHIEVED_AT_MAX_MS],
    [0, ACHIEVED_AT_MIN_MS],
    [0, ACHIEVED_AT_MAX_MS],
  ];

  it('gives finite, normal, non-zero doubles that survive a trip through text', () => {
    const random = seededRandom(1);
    const samples = [...extremes];
    for (let i = 0; i < 10_000; i++) samples.push([Math.round((MIN_SCORE + random() * (MAX_SCORE - MIN_SCORE)) * 1000) / 1000, ACHIEVED_AT_MIN_MS + Math.floor(random() * (ACHIEVED_AT_MAX_MS - ACHIEVED_AT_MIN_MS))]);
    for (const [score, time] of samples) {
      const key = standingKey(score, time);
      expect(Number.isFinite(key)).toBe(true);
      expect(Math.abs(key)).toBeGreaterThanOrEqual(1);
      expect(Number(String(key))).toBe(key);
      expect(Number(key.toPrecision(17))).toBe(key); // Redis's "%.17g"
    }
  });

  it('decodes back to the score units and time slot', () => {
    const random = seededRandom(2);
    const samples = [...extremes];
    for (let i = 0; i < 10_000; i++) samples.push([MIN_SCORE + random() * (MAX_SCORE - MIN_SCORE), ACHIEVED_AT_MIN_MS + Math.floor(random() * (ACHIEVED_AT_MAX_MS - ACHIEVED_AT_MIN_MS))]);
    for (const [score, time] of samples) expect(decodeStandingKey(standingKey(score, time))).toEqual({ units: scoreUnits(score), slot: timeSlot(time) });
    expect(decodeStandingKey(standingKey(MIN_SCORE, ACHIEVED_AT_MAX_MS))).toEqual({ units: MIN_SCORE * 1000, slot: ACHIEVED_AT_SLOTS - 1 });
  });

  it('orders exactly as (score units desc, second asc), across the whole range and at the crossing from negative to positive doubles', () => {
    const random = seededRandom(3);
    const samples = [...extremes];
    // Around the crossing (key 2^62): inverted units 2^32, i.e. units = MAX_UNITS - 2^32.
    const crossingUnits = MAX_SCORE * 1000 - 2 ** 32;
    for (const du of [-1, 0, 1]) for (const slot of [0, 1, ACHIEVED_AT_SLOTS - 1]) samples.push([(crossingUnits + du) / 1000, ACHIEVED_AT_MIN_MS + slot * 1000]);
    for (let i = 0; i < 3_000; i++) {
      const units = random() < 0.5 ? Math.floor(random() * 20) - 10 : Math.floor(MIN_SCORE * 1000 + random() * (MAX_SCORE - MIN_SCORE) * 1000);
      samples.push([units / 1000, random() < 0.5 ? at(Math.floor(random() * 5)) : ACHIEVED_AT_MIN_MS + Math.floor(random() * (ACHIEVED_AT_MAX_MS - ACHIEVED_AT_MIN_MS))]);
    }
    const byKey = [...samples].sort((a, b) => standingKey(...a) - standingKey(...b));
    for (let i = 1; i < byKey.length; i++) {
      const order = reference(byKey[i - 1], byKey[i]);
      expect(order).toBeLessThanOrEqual(0);
      // Equal keys only for equal (units, slot).
      if (standingKey(...byKey[i - 1]) === standingKey(...byKey[i])) expect(order).toBe(0);
      else expect(order).toBeLessThan(0);
    }
  });

  it('distinguishes neighbours: one unit of score, one second of time', () => {
    const t = at(10);
    expect(standingKey(5.001, t)).toBeLessThan(standingKey(5, t));
    expect(standingKey(5, t)).toBeLessThan(standingKey(5, t + 1000));
    expect(standingKey(5, t + 999)).toBe(standingKey(5, t));
    expect(standingKey(5.0004, t)).toBe(standingKey(5, t));
    expect(standingKey(5, ACHIEVED_AT_MAX_MS)).toBeLessThan(standingKey(4.999, ACHIEVED_AT_MIN_MS));
  });
});

function at(seconds: number): number {
  return Date.UTC(2026, 0, 1) + seconds * 1000;
}
