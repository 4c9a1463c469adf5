/**
 * Live leaderboards (challenge boards, fastest-5k boards, ...): the read-model port the
 * leaderboard projections write and the leaderboard queries read. Redis sorted sets in
 * production, an in-process counted B+tree (an order-statistic tree) in the embedded mode; both pass
 * `src/infra/leaderboard/leaderboards.contract.ts`. See docs/leaderboards.md.
 *
 * ## The board
 * A board (named by any non-empty string, e.g. `challenge-42:v1`) holds at most one standing per
 * user: `(score, achievedAt)`. Boards need no creating: a board nobody has a standing on is empty
 * (size 0), and removing the last standing leaves it empty.
 *
 * ## Order (the same in every adapter, see `compareStandings` in ./ordering)
 * 1. Higher score first. Scores are compared at `SCORE_DECIMALS` (3) decimals, i.e. after
 *    rounding to 0.001: 10.0004 and 10.0001 are equal scores. Boards where lower is better
 *    (fastest 5k) store the negated value (`-seconds`).
 * 2. Equal scores: the earlier `achievedAt` first ("whoever got there first"), compared at
 *    `ACHIEVED_AT_RESOLUTION_MS` (whole UTC seconds): 12:00:00.100 and 12:00:00.900 are the same time.
 * 3. Still equal: the smaller `userId` first, by Unicode code point (the same as UTF-8 byte
 *    order, which is how Redis orders members). So the order is total and deterministic, and a
 *    rebuilt board equals the live one entry for entry.
 *
 * The exact `score` and `achievedAt` given are stored and returned unchanged; rounding only
 * affects the order. Values outside `MIN_SCORE..MAX_SCORE` or
 * `ACHIEVED_AT_MIN_MS..ACHIEVED_AT_MAX_MS` are rejected with a RangeError (see ./ordering for
 * why the ranges are bounded, and `clampScore` for projections that must never stall on one).
 *
 * ## Idempotent, absolute updates
 * `setScore` stores the user's standing as given, replacing whatever was there (up or down):
 * it is not an increment. Setting the standing a user already has changes nothing, so a
 * re-delivered event is harmless. Keeping "the best so far" or "the running total" is the
 * projection's job: it computes the absolute value and sets it.
 *
 * ## Costs (n = entries on the board, k = entries returned)
 * setScore, remove, rank: O(log n). top, around, view: O(log n + k). size: O(1).
 * setScores: O(m log n) for m updates. entries: O(n), in pages of O(log n + page) each.
 * rename: O(1) (the replaced board is freed in the background in Redis). drop: O(1) likewise.
 *
 * ## Consistency
 * Every single call is atomic: a reader never sees a standing half-written, and one
 * `setScores` chunk (see the adapters) is applied all at once. `entries` pages by rank, so an
 * iteration running beside writers to the same board can skip or repeat entries: compare boards
 * only when nobody writes to them (a rebuilt board before it is swapped in, the live one at the
 * same checkpoint).
 */
export interface Leaderboards {
  /**
   * Sets `userId`'s standing on `board` to exactly `(score, achievedAt)`, replacing the previous
   * one. Setting the standing the user already has is a no-op.
   * @param score finite, within MIN_SCORE..MAX_SCORE; higher ranks first; meaningful to 3 decimals.
   * @param achievedAt epoch ms (integer) when the score was reached; the earlier wins ties.
   * @throws RangeError for a value out of range (nothing is written).
   */
  setScore(board: string, userId: string, score: number, achievedAt: number): Promise<void>;

  /**
   * `setScore` for many users of one board, batched: one round trip for a batch up to the
   * adapter's chunk size (Redis: 500 by default), pipelined chunks beyond it. Applied in order,
   * so when a user appears twice the last update wins. Every update is checked before anything
   * is written: one bad value rejects the whole call and writes nothing. Each chunk is atomic;
   * a failure between chunks leaves some applied, and as updates are absolute, sending the
   * batch again converges.
   */
  setScores(board: string, updates: readonly ScoreUpdate[]): Promise<void>;

  /** Removes the user's standing. True if there was one. */
  remove(board: string, userId: string): Promise<boolean>;

  /**
   * The entries ranked `offset + 1` to `offset + limit`, best first (fewer at the end of the
   * board, none past it).
   * @param limit a non-negative integer
   * @param offset a non-negative integer, 0 by default
   */
  top(board: string, limit: number, offset?: number): Promise<LeaderboardEntry[]>;

  /**
   * The user's entry and the window of entries ranked `rank - radius` to `rank + radius`
   * (the user included, best first), clipped at both ends of the board: the leader gets
   * `radius + 1` entries, not a window shifted down. A user without a standing gets
   * `{ me: undefined, entries: [] }` (show `top` instead).
   * @param radius a non-negative integer (0: just the user)
   */
  around(board: string, userId: string, radius: number): Promise<AroundResult>;

  /** The user's entry (with its 1-based rank), or undefined without a standing. */
  rank(board: string, userId: string): Promise<LeaderboardEntry | undefined>;

  /**
   * What one viewer sees of a board, read at once (one atomic round trip in Redis) instead of
   * `size` + `rank` + `around`/`top`: the board's size, the viewer's entry, and the entries of
   * `window`, which are the window of `window.around` places either side of the viewer (clipped
   * as in `around`) when it is given and the viewer has a standing, else the top `window.top`.
   * O(log n + k).
   */
  view(board: string, viewerId: string, window: ViewWindow): Promise<BoardView>;

  /** How many users have a standing on the board. */
  size(board: string): Promise<number>;

  /**
   * Every entry in rank order, fetched `pageSize` (default 1000) at a time: for comparing a
   * rebuilt board with the live one, or exporting. See "Consistency" above.
   */
  entries(board: string, options?: EntriesOptions): AsyncIterable<LeaderboardEntry>;

  /**
   * Replaces board `to` by board `from` (blue/green: a projection rebuilds `x:v2` beside the
   * live `x:v1`, then renames it to the name queries read). Atomic: readers of `to` see the old
   * board or the new one, never a mix. Afterwards `from` is empty; the old `to` is gone.
   * Renaming an empty board empties `to`. Renaming a board to itself changes nothing.
   */
  rename(from: string, to: string): Promise<void>;

  /** Deletes the board and every standing on it. */
  drop(board: string): Promise<void>;

  /** Resolves when the store answers (health checks). */
  ping(): Promise<void>;

  /** Releases the connection; calls made afterwards fail. */
  close(): Promise<void>;
}

/** One user's standing on a board, as read back. */
export interface LeaderboardEntry {
  /** 1-based position on the board (1 = the leader); unique: ties are broken, never shared. */
  rank: number;
  userId: string;
  /** Exactly as set. */
  score: number;
  /** Exactly as set (epoch ms). */
  achievedAt: number;
}

/** One update of `setScores`. */
export interface ScoreUpdate {
  userId: string;
  score: number;
  /** Epoch ms; the earlier wins ties. */
  achievedAt: number;
}

export interface AroundResult {
  /** The caller's own entry; undefined when the caller has no standing on the board. */
  me?: LeaderboardEntry;
  /** The window around the caller, best first, the caller included. */
  entries: LeaderboardEntry[];
}

/** Which entries `view` returns. */
export interface ViewWindow {
  /** The top this many (a non-negative integer): without `around`, or for a viewer without a standing. */
  top: number;
  /** A non-negative integer: the viewer's place and this many places either side of it, when the viewer has a standing. */
  around?: number;
}

/** A board as one viewer sees it (see `Leaderboards.view`). */
export interface BoardView {
  /** How many users have a standing on the board. */
  size: number;
  /** The viewer's own entry; undefined without a standing. */
  me?: LeaderboardEntry;
  /** The window asked for, best first. */
  entries: LeaderboardEntry[];
}

export interface EntriesOptions {
  /** Entries fetched per round trip; 1000 by default. */
  pageSize?: number;
}
