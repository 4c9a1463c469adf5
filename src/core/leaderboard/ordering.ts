/**
 * The order of a leaderboard and the values it accepts: the part of the port every adapter
 * shares (see ./types for the port). Pure functions, no I/O.
 *
 * Why the ranges are bounded: Redis orders a sorted set by one double per member, so a board
 * that breaks score ties by time has to pack (score, time) into that one number without losing
 * order. That leaves a fixed budget of bits (63, see src/infra/leaderboard/standing-key.ts) to
 * share between the score (0.001 steps) and the time (1 s steps), and these limits are how it is
 * shared. The in-memory adapter enforces the same limits so both behave alike. The boards are
 * projections: moving the limits (a later epoch, say) means a new encoding and a rebuild, nothing
 * more.
 */

/** Scores are compared at this many decimals: 0.001 m, 0.001 s, whole counts. */
export const SCORE_DECIMALS = 3;
/** 10 ** SCORE_DECIMALS: a score is compared as `Math.round(score * SCORE_SCALE)` of these units. */
export const SCORE_SCALE = 1000;
/**
 * Lowest score accepted: negated durations ("fastest 5k" boards store `-seconds`) down to about
 * 11.5 days. The range is lopsided on purpose: negative scores are only ever negated durations.
 */
export const MIN_SCORE = -1_000_000;
/** Highest score accepted: e.g. 7,500 km in metres or 7.5 million steps. */
export const MAX_SCORE = 7_500_000;

/** `achievedAt` is compared in whole UTC seconds; within one second the smaller userId wins. */
export const ACHIEVED_AT_RESOLUTION_MS = 1000;
/** Earliest `achievedAt` accepted: 2020-01-01T00:00:00.000Z (the encoding's epoch). */
export const ACHIEVED_AT_MIN_MS = Date.UTC(2020, 0, 1);
/** Number of distinct time steps the encoding has room for: 2^30 seconds (about 34 years). */
export const ACHIEVED_AT_SLOTS = 2 ** 30;
/** Latest `achievedAt` accepted: 2054-01-09T13:37:03.999Z. */
export const ACHIEVED_AT_MAX_MS = ACHIEVED_AT_MIN_MS + ACHIEVED_AT_SLOTS * ACHIEVED_AT_RESOLUTION_MS - 1;

/** What the order is decided on: the score and the time as set, and the user. */
export interface Standing {
  userId: string;
  score: number;
  achievedAt: number;
}

/** The score as compared: whole units of 0.001 (rounded to nearest). */
export function scoreUnits(score: number): number {
  return Math.round(score * SCORE_SCALE);
}

/** The time as compared: whole seconds since ACHIEVED_AT_MIN_MS (0 .. ACHIEVED_AT_SLOTS - 1). */
export function timeSlot(achievedAt: number): number {
  return Math.floor((achievedAt - ACHIEVED_AT_MIN_MS) / ACHIEVED_AT_RESOLUTION_MS);
}

/**
 * The board order as a comparator (negative: `a` ranks before `b`): higher score units first,
 * then the earlier time slot, then the smaller userId by code point. The reference every adapter
 * must agree with (the contract suite sorts by it).
 */
export function compareStandings(a: Standing, b: Standing): number {
  const units = scoreUnits(b.score) - scoreUnits(a.score);
  if (units !== 0) return units;
  const slots = timeSlot(a.achievedAt) - timeSlot(b.achievedAt);
  if (slots !== 0) return slots;
  return compareCodePoints(a.userId, b.userId);
}

/**
 * Compares strings by Unicode code point, which is the order of their UTF-8 bytes (how Redis
 * compares members). Plain `<` compares UTF-16 code units, which differs for characters above
 * U+FFFF against U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/** Moves surrogates (U+D800..U+DFFF, which start code points above U+FFFF) after U+E000..U+FFFF. */
function codePointRank(codeUnit: number): number {
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

/**
 * Brings a score into MIN_SCORE..MAX_SCORE. For projections, which must not stall on one
 * outlandish value: a clamped score still ranks first (or last), and the event keeps the truth.
 */
export function clampScore(score: number): number {
  if (Number.isNaN(score)) throw new RangeError('leaderboard score is NaN');
  return Math.min(MAX_SCORE, Math.max(MIN_SCORE, score));
}

/** Throws unless `board` can name a board: a non-empty string. */
export function checkBoard(board: string): void {
  if (typeof board !== 'string' || board.length === 0) throw new TypeError(`leaderboard name must be a non-empty string, got ${show(board)}`);
}

/** Throws unless `userId` is a non-empty string of whole characters (no lone surrogate, which UTF-8 cannot carry). */
export function checkUserId(userId: string): void {
  if (typeof userId !== 'string' || userId.length === 0) throw new TypeError(`leaderboard userId must be a non-empty string, got ${show(userId)}`);
  if (ANY_SURROGATE.test(userId) && LONE_SURROGATE.test(userId)) throw new TypeError(`leaderboard userId ${JSON.stringify(userId)} holds a lone surrogate`);
}

/** Cheap first look (plain code units); the Unicode-aware test that follows finds only unpaired ones. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks one standing before anything is written, and returns the score to store (-0 becomes 0,
 * so that every adapter hands back the same value).
 * @throws TypeError for a bad userId, RangeError for a score or time out of range.
 */
export function checkStanding(userId: string, score: number, achievedAt: number): number {
  checkUserId(userId);
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new RangeError(`leaderboard score must be a finite number, got ${show(score)} (user ${userId})`);
  }
  if (score < MIN_SCORE || score > MAX_SCORE) {
    throw new RangeError(
      `leaderboard score ${score} (user ${userId}) is outside ${MIN_SCORE}..${MAX_SCORE}, the range the board encoding supports; clampScore() brings a value into it`,
    );
  }
  if (!Number.isSafeInteger(achievedAt)) {
    throw new RangeError(`leaderboard achievedAt must be an integer of epoch ms, got ${show(achievedAt)} (user ${userId})`);
  }
  if (achievedAt < ACHIEVED_AT_MIN_MS || achievedAt > ACHIEVED_AT_MAX_MS) {
    throw new RangeError(
      `leaderboard achievedAt ${achievedAt} (${isoOrRaw(achievedAt)}, user ${userId}) is outside ` +
        `${new Date(ACHIEVED_AT_MIN_MS).toISOString()}..${new Date(ACHIEVED_AT_MAX_MS).toISOString()}, the range the board encoding supports`,
    );
  }
  return score === 0 ? 0 : score;
}

/** Throws unless `value` is a non-negative integer (limits, offsets, radii, page sizes). */
export function checkCount(name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`leaderboard ${name} must be an integer >= ${min}, got ${show(value)}`);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'not a date' : date.toISOString();
}
