import { displayScore, standingOf } from './scoring';

const result = (value: number, at: string) => ({ value, achieved_at: at });

describe('a participant standing', () => {
  it('adds up distance, reached at the last result', () => {
    expect(standingOf('total_distance', [result(5000.04, '2026-11-02T08:00:00Z'), result(10000, '2026-11-03T08:00:00Z')])).toEqual({
      score: 15000,
      achievedAt: Date.parse('2026-11-03T08:00:00Z'),
    });
  });

  it('keeps the fastest 5 km, achieved when it was run, and shows it as seconds', () => {
    const standing = standingOf('fastest_5k', [result(1300, '2026-11-02T08:00:00Z'), result(1250, '2026-11-05T08:00:00Z'), result(1400, '2026-11-06T08:00:00Z')]);
    expect(standing).toEqual({ score: -1250, achievedAt: Date.parse('2026-11-05T08:00:00Z') });
    expect(displayScore('fastest_5k', standing!.score)).toBe(1250);
  });

  it('counts workouts', () => {
    expect(standingOf('most_workouts', [result(1, '2026-11-02T08:00:00Z'), result(1, '2026-11-01T08:00:00Z')])?.score).toBe(2);
  });

  it('has no standing without results that count', () => {
    expect(standingOf('total_distance', [])).toBeUndefined();
  });
});
