import { leaderboardEntry } from '../../../core/leaderboard/entry';
import { checkBoard, checkCount, checkStanding, checkUserId, compareCodePoints } from '../../../core/leaderboard/ordering';
import type { AroundResult, BoardView, EntriesOptions, LeaderboardEntry, Leaderboards, ScoreUpdate, ViewWindow } from '../../../core/leaderboard/types';
import { standingKey } from '../standing-key';
import { CountedBTree } from './counted-b-tree';

/** One user's standing as held in memory. `key` orders it (see ../standing-key). */
interface Held {
  readonly key: number;
  readonly userId: string;
  score: number;
  achievedAt: number;
}

/** One board: its standings in rank order, and by user. */
interface Board {
  readonly ranked: CountedBTree<Held>;
  readonly byUser: Map<string, Held>;
}

/** Rank order: the standing key ascending (score desc, time asc), then userId by code point. */
const keyOf = (held: Held): number => held.key;
const byUserId = (a: Held, b: Held): number => compareCodePoints(a.userId, b.userId);

const DEFAULT_PAGE_SIZE = 1000;

/**
 * The embedded leaderboards: per board, a counted B+tree of the standings (ordered by the same
 * standing key as Redis, then userId; see ./counted-b-tree) and a map by user. setScore, remove,
 * rank: O(log n); top and around: O(log n + k); size O(1). Nothing survives the process: the
 * leaderboard projections rebuild the boards by replay at start.
 */
export class MemoryLeaderboards implements Leaderboards {
  private readonly boards = new Map<string, Board>();
  private closed = false;


  async setScore(board: string, userId: string, score: number, achievedAt: number): Promise<void> {
    this.checkOpen();
    checkBoard(board);
    this.apply(board, userId, checkStanding(userId, score, achievedAt), achievedAt);
  }

  async setScores(board: string, updates: readonly ScoreUpdate[]): Promise<void> {
    this.checkOpen();
    checkBoard(board);
    // Check every update before applying any, as the Redis adapter does.
    const scores = updates.map((u) => checkStanding(u.userId, u.score, u.achievedAt));
    for (let i = 0; i < updates.length; i++) this.apply(board, updates[i].userId, scores[i], updates[i].achievedAt);
  }

  async remove(board: string, userId: string): Promise<boolean> {
    this.checkOpen();
    checkBoard(board);
    checkUserId(userId);
    const found = this.boards.get(board);
    const held = found?.byUser.get(userId);
    if (found === undefined || held === undefined) return false;
    found.ranked.remove(held);
    found.byUser.delete(userId);
    if (found.byUser.size === 0) this.boards.delete(board);
    return true;
  }

  async top(board: string, limit: number, offset = 0): Promise<LeaderboardEntry[]> {
    this.checkOpen();
    checkBoard(board);
    checkCount('limit', limit);
    checkCount('offset', offset);
    return this.page(board, offset, limit);
  }

  async around(board: string, userId: string, radius: number): Promise<AroundResult> {
    this.checkOpen();
    checkBoard(board);
    checkUserId(userId);
    checkCount('radius', radius);
    const found = this.boards.get(board);
    const held = found?.byUser.get(userId);
    if (found === undefined || held === undefined) return { entries: [] };
    const index = found.ranked.indexOf(held);
    const start = Math.max(0, index - radius);
    const entries = found.ranked.slice(start, index + radius + 1 - start).map((h, i) => entry(h, start + i));
    return { me: entries[index - start], entries };
  }

  async rank(board: string, userId: string): Promise<LeaderboardEntry | undefined> {
    this.checkOpen();
    checkBoard(board);
    checkUserId(userId);
    const found = this.boards.get(board);
    const held = found?.byUser.get(userId);
    return found === undefined || held === undefined ? undefined : entry(held, found.ranked.indexOf(held));
  }

  async view(board: string, viewerId: string, window: ViewWindow): Promise<BoardView> {
    this.checkOpen();
    checkBoard(board);
    checkUserId(viewerId);
    checkCount('top', window.top);
    if (window.around !== undefined) checkCount('around', window.around);
    const found = this.boards.get(board);
    if (found === undefined) return { size: 0, entries: [] };
    const held = found.byUser.get(viewerId);
    const index = held === undefined ? -1 : found.ranked.indexOf(held);
    const me = held === undefined ? undefined : entry(held, index);
    const first = me && window.around !== undefined ? Math.max(0, index - window.around) : 0;
    const count = me && window.around !== undefined ? index + window.around + 1 - first : window.top;
    const entries = found.ranked.slice(first, count).map((h, i) => entry(h, first + i));
    return { size: found.ranked.size, ...(me ? { me } : {}), entries };
  }

  async size(board: string): Promise<number> {
    this.checkOpen();
    checkBoard(board);
    return this.boards.get(board)?.ranked.size ?? 0;
  }

  async *entries(board: string, options: EntriesOptions = {}): AsyncIterable<LeaderboardEntry> {
    this.checkOpen();
    checkBoard(board);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    checkCount('pageSize', pageSize, 1);
    for (let offset = 0; ; offset += pageSize) {
      this.checkOpen();
      const page = this.page(board, offset, pageSize);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    this.checkOpen();
    checkBoard(from);
    checkBoard(to);
    if (from === to) return;
    const moving = this.boards.get(from);
    this.boards.delete(from);
    if (moving === undefined) this.boards.delete(to);
    else this.boards.set(to, moving);
  }

  async drop(board: string): Promise<void> {
    this.checkOpen();
    checkBoard(board);
    this.boards.delete(board);
  }

  async ping(): Promise<void> {
    this.checkOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.boards.clear();
  }

  private apply(board: string, userId: string, score: number, achievedAt: number): void {
    let found = this.boards.get(board);
    const old = found?.byUser.get(userId);
    if (old !== undefined && old.score === score && old.achievedAt === achievedAt) return;
    const key = standingKey(score, achievedAt);
    if (old !== undefined && old.key === key) {
      // Same place on the board (same score units, same second): only the exact values change.
      old.score = score;
      old.achievedAt = achievedAt;
      return;
    }
    if (found === undefined) {
      found = { ranked: new CountedBTree<Held>(keyOf, byUserId), byUser: new Map() };
      this.boards.set(board, found);
    }
    if (old !== undefined) found.ranked.remove(old);
    const held: Held = { key, userId, score, achievedAt };
    found.ranked.insert(held);
    found.byUser.set(userId, held);
  }

  private page(board: string, offset: number, limit: number): LeaderboardEntry[] {
    const found = this.boards.get(board);
    if (found === undefined) return [];
    return found.ranked.slice(offset, limit).map((h, i) => entry(h, offset + i));
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('MemoryLeaderboards is closed');
  }
}

function entry(held: Held, index: number): LeaderboardEntry {
  return leaderboardEntry(index + 1, held.userId, held.score, held.achievedAt);
}
