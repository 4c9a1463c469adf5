import { assess, CLEAN_RUN, lastTime, offset, ORIGIN, track } from './testing/fraud-tracks';

const RUN = { ...CLEAN_RUN, pauses: [], spike: undefined };

describe('gps_gap_covering_distance', () => {
  it('a tunnel (90 s without GPS while running on) is not flagged', () => {
    const points = track(RUN);
    const t0 = points[0].t;
    expect(assess(points.filter((p) => p.t < t0 + 1200_000 || p.t > t0 + 1290_000)).flags).toEqual([]);
  });

  it('a fix regained 300 m off after a 2 min gap is not flagged (under 500 m)', () => {
    const first = track({ ...RUN, distance: 3000 });
    const second = track({ ...RUN, distance: 3000, seed: 3, route: { origin: offset(ORIGIN, 300, 0) }, startTime: lastTime(first) + 120_000 });
    expect(assess([...first, ...second]).flags).toEqual([]);
  });

  it('a gap the athlete could have covered on foot (5 km in 1 h) is not flagged', () => {
    const first = track({ ...RUN, distance: 4000 });
    const second = track({ ...RUN, distance: 4000, seed: 3, route: { origin: offset(ORIGIN, 5000, 0) }, startTime: lastTime(first) + 3600_000 });
    expect(assess([...first, ...second]).flags).toEqual([]);
  });

  it('judges the gap with the sport: 5 km in 10 min is flagged for a run, not for a ride', () => {
    const first = track({ ...RUN, distance: 4000 });
    const second = track({ ...RUN, distance: 4000, seed: 3, route: { origin: offset(ORIGIN, 5000, 0) }, startTime: lastTime(first) + 600_000 });
    expect(assess([...first, ...second]).flags.map((f) => f.rule)).toEqual(['gps_gap_covering_distance']);
    expect(assess([...first, ...second], 'Ride').flags).toEqual([]);
  });
});
