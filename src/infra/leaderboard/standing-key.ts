import { ACHIEVED_AT_SLOTS, MAX_SCORE, MIN_SCORE, SCORE_SCALE, scoreUnits, timeSlot } from '../../core/leaderboard/ordering';

/**
 * The one number a standing is ordered by: a Redis sorted-set score (and the in-memory adapter's
 * key), ascending = better. Equal keys (same score units, same second) are ordered by member,
 * i.e. userId, which is the port's last tie-break (see src/core/leaderboard/ordering.ts).
 *
 * ## The 63-bit key
 *     K = (MAX_UNITS - units) * 2^30 + slot
 * - `units` = round(score * 1000), MIN_SCORE*1000..MAX_SCORE*1000: 8.5e9 values < 2^33, inverted
 *   so that the higher score gets the smaller K;
 * - `slot` = whole seconds since 2020-01-01 UTC, 0..2^30-1 (until 2054-01-09), earlier = smaller.
 * So K < 2^63, and comparing K is exactly comparing (score desc, time asc).
 *
 * ## Carried as a double without losing order
 * 63 bits do not fit a double's 53-bit integer range, but the doubles in [-MAX_VALUE, -1] and
 * [1, MAX_VALUE] are exactly 2^62 each and, read as IEEE 754 bit patterns, in value order (by
 * magnitude, mirrored for negatives). So K maps onto them strictly monotonically: K < 2^62 to
 * the negative side, magnitude bits 0x7FEF_FFFF_FFFF_FFFF - K (from -MAX_VALUE up to -1),
 * K >= 2^62 to the positive side, magnitude bits 0x3FF0_0000_0000_0000 + (K - 2^62) (from 1 up
 * to MAX_VALUE). No NaN, no infinity, no
 * subnormal, no zero. The double goes to Redis as JavaScript's shortest round-trip decimal, which
 * strtod reads back to the same double, and Redis keeps it as a double (or as "%.17g" text in a
 * small listpack set, which also round-trips), so the order is exact.
 *
 * Packing the same two fields into an integer within ±2^53 instead would leave ±2^23 score units
 * (±8,388.607 at 0.001) beside 1 s times over 34 years, too little for metres or steps: hence
 * the bit patterns. The key is opaque to people reading `ZRANGE ... WITHSCORES`: the exact
 * scores live in the board's hash; `decodeStandingKey` turns a key back into its fields.
 */
export function standingKey(score: number, achievedAt: number): number {
  return keyOf(MAX_UNITS - scoreUnits(score), timeSlot(achievedAt));
}

/** The score units (round(score * 1000)) and the time slot (seconds since 2020-01-01) a key was made of. */
export function decodeStandingKey(key: number): { units: number; slot: number } {
  view.setFloat64(0, key);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  let kHigh: number;
  let kLow: number;
  if (high >= SIGN_BIT) {
    kHigh = NEGATIVE_TOP_HIGH - (high - SIGN_BIT);
    kLow = WORD - 1 - low;
  } else {
    kHigh = high - ONE_HIGH + HALF_HIGH;
    kLow = low;
  }
  const inverted = kHigh * 4 + Math.floor(kLow / SLOTS);
  return { units: MAX_UNITS - inverted, slot: kLow % SLOTS };
}

const SLOTS = ACHIEVED_AT_SLOTS; // 2^30: the slot takes the key's low 30 bits
const MAX_UNITS = MAX_SCORE * SCORE_SCALE;
const MIN_UNITS = MIN_SCORE * SCORE_SCALE;
const WORD = 2 ** 32;
const SIGN_BIT = 0x8000_0000;
/** High word of 0x7FEF_FFFF_FFFF_FFFF (Number.MAX_VALUE's bits): the negative side counts down from it. */
const NEGATIVE_TOP_HIGH = 0x7fef_ffff;
/** High word of 0x3FF0_0000_0000_0000 (1.0's bits): the positive side counts up from it. */
const ONE_HIGH = 0x3ff0_0000;
/** High word of 2^62, where the key crosses from the negative side to the positive one. */
const HALF_HIGH = 0x4000_0000;

// The inverted score must fit 33 bits so that K = inverted * 2^30 + slot stays below 2^63, i.e.
// below Number.MAX_VALUE's bits on the positive side.
if (!Number.isSafeInteger(MIN_UNITS) || MAX_UNITS - MIN_UNITS >= 2 ** 33 || SLOTS !== 2 ** 30) {
  throw new Error('leaderboard standing key: the score range and time slots do not fit 63 bits');
}

const view = new DataView(new ArrayBuffer(8));

/** K = inverted * 2^30 + slot, split into 32-bit words (inverted < 2^33, slot < 2^30), mapped to its double. */
function keyOf(inverted: number, slot: number): number {
  const kHigh = Math.floor(inverted / 4);
  const kLow = (inverted % 4) * SLOTS + slot;
  if (kHigh < HALF_HIGH) {
    view.setUint32(0, SIGN_BIT + (NEGATIVE_TOP_HIGH - kHigh));
    view.setUint32(4, WORD - 1 - kLow);
  } else {
    view.setUint32(0, ONE_HIGH + (kHigh - HALF_HIGH));
    view.setUint32(4, kLow);
  }
  return view.getFloat64(0);
}
