import type { ChallengeKind } from '../../write/challenges/events';

export interface CountedResult {
  value: number;
  achieved_at: string;
}

export interface Standing {
  /** Higher ranks first: metres, negated seconds for fastest 5 km, or a count. */
  score: number;
  /** When the standing was reached (epoch ms): earlier wins ties. */
  achievedAt: number;
}

/**
 * A participant's absolute standing from the results that count (absolute, so re-applying an
 * event sets the same value): total distance reached at the last result; the fastest 5 km at the
 * moment it was run; the number of workouts at the last one.
 */
export function standingOf(kind: ChallengeKind, results: readonly CountedResult[]): Standing | undefined {
  if (results.length === 0) return undefined;
  const latest = Math.max(...results.map((r) => Date.parse(r.achieved_at)));
  switch (kind) {
    case 'total_distance':
      return { score: Math.round(results.reduce((sum, r) => sum + r.value, 0) * 10) / 10, achievedAt: latest };
    case 'most_workouts':
      return { score: results.length, achievedAt: latest };
    case 'fastest_5k': {
      const best = results.reduce((a, b) => (b.value < a.value || (b.value === a.value && b.achieved_at < a.achieved_at) ? b : a));
      return { score: -best.value, achievedAt: Date.parse(best.achieved_at) };
    }
  }
}

/** The score as people read it: fastest-5k boards store negated seconds. */
export function displayScore(kind: ChallengeKind, score: number): number {
  return kind === 'fastest_5k' ? -score : score;
}
