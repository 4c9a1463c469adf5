import { ActivityImportError } from './activity-import-error';
import { MAX_IMPORT_POINTS } from './limits';
import { EARLIEST_POINT_TIME, LATEST_POINT_TIME, TrackBuilder, type PointCandidate } from './track-builder';

const T0 = Date.UTC(2024, 4, 1, 10);
const point = (i: number, extra: Partial<PointCandidate> = {}): PointCandidate => ({
  t: T0 + i * 1000,
  position: { lat: 47 + i / 1e5, lon: 8 },
  ...extra,
});
const finish = (builder: TrackBuilder, extra: { declaredStart?: number; name?: string } = {}) =>
  builder.finish({ sport_type: 'Ride', file_totals: {}, ...extra });

describe('TrackBuilder', () => {
  it(`accepts exactly ${MAX_IMPORT_POINTS} points and refuses one more`, () => {
    const builder = new TrackBuilder('points');
    for (let i = 0; i < MAX_IMPORT_POINTS; i++) builder.add(point(i));
    expect(finish(builder).points).toHaveLength(MAX_IMPORT_POINTS);

    const tooMany = new TrackBuilder('points');
    for (let i = 0; i < MAX_IMPORT_POINTS; i++) tooMany.add(point(i));
    expect(() => tooMany.add(point(MAX_IMPORT_POINTS))).toThrow(
      expect.objectContaining({ code: 'too_many_points' }) as ActivityImportError,
    );
  });

  it('does not count skipped points against the limit', () => {
    const builder = new TrackBuilder('points');
    for (let i = 0; i < MAX_IMPORT_POINTS; i++) builder.add(point(i));
    expect(() => builder.add(point(0, { position: undefined }))).not.toThrow();
  });

  it('drops implausible sensor values but keeps the point', () => {
    const builder = new TrackBuilder('points');
    builder.add(point(0, { ele: 20_000, hr: 0, cad: -1 }));
    builder.add(point(1, { ele: -20, hr: 300, cad: 0 }));
    builder.add(point(2, { ele: Number.NaN, hr: 301, cad: 301 }));
    expect(finish(builder).points.map(({ ele, hr, cad }) => ({ ele, hr, cad }))).toEqual([
      { ele: undefined, hr: undefined, cad: undefined },
      { ele: -20, hr: 300, cad: 0 },
      { ele: undefined, hr: undefined, cad: undefined },
    ]);
  });

  it('skips points at 0,0, outside the globe or outside 1985..2099, and explains it', () => {
    const builder = new TrackBuilder('samples');
    builder.add(point(0, { position: { lat: 0, lon: 0 } }));
    builder.add(point(1, { position: { lat: 90.0001, lon: 0 } }));
    builder.add(point(2, { position: { lat: 0, lon: -180.5 } }));
    builder.add(point(3, { position: { lat: Number.POSITIVE_INFINITY, lon: 1 } }));
    builder.add(point(4, { t: EARLIEST_POINT_TIME - 1 }));
    builder.add(point(5, { t: LATEST_POINT_TIME }));
    builder.add(point(6, { position: undefined }));
    expect(() => finish(builder)).toThrow(
      new ActivityImportError(
        'empty_activity',
        'the file contains no track points with a position and time: of 7 samples, ' +
          '1 is at 0°N 0°E, the placeholder some devices write when they have no GPS fix, ' +
          '3 have a missing, non-numeric or out-of-range latitude/longitude, 2 have no valid time, 1 has no position',
      ),
    );
  });

  it('keeps the edges of the valid ranges', () => {
    const builder = new TrackBuilder('points');
    builder.add({ t: EARLIEST_POINT_TIME, position: { lat: -90, lon: -180 } });
    builder.add({ t: LATEST_POINT_TIME - 1, position: { lat: 90, lon: 180 } });
    expect(finish(builder).points).toHaveLength(2);
  });

  it('sorts points by time, keeping the file order of equal times', () => {
    const builder = new TrackBuilder('points');
    builder.add({ t: T0 + 2000, position: { lat: 1, lon: 1 } });
    builder.add({ t: T0, position: { lat: 2, lon: 2 } });
    builder.add({ t: T0 + 2000, position: { lat: 3, lon: 3 } });
    expect(finish(builder).points.map((p) => p.lat)).toEqual([2, 1, 3]);
  });

  it('starts at the declared start when it is up to a day before the first point, else at the first point', () => {
    const build = (declaredStart: number) => {
      const builder = new TrackBuilder('points');
      builder.add(point(0));
      builder.add(point(1));
      return finish(builder, { declaredStart }).start_date;
    };
    expect(build(T0 - 60_000)).toBe('2024-05-01T09:59:00.000Z');
    expect(build(T0 + 60_000)).toBe('2024-05-01T10:00:00.000Z');
    expect(build(T0 - 25 * 3600_000)).toBe('2024-05-01T10:00:00.000Z');
    expect(build(Number.NaN)).toBe('2024-05-01T10:00:00.000Z');
  });

  it('trims the name, caps it at 255 characters and leaves out a blank one', () => {
    const named = (name: string) => {
      const builder = new TrackBuilder('points');
      builder.add(point(0));
      builder.add(point(1));
      return finish(builder, { name }).name;
    };
    expect(named('  Lunch Ride ')).toBe('Lunch Ride');
    expect(named('x'.repeat(300))).toHaveLength(255);
    expect(named('   ')).toBeUndefined();
  });

  it('doubles cadence for foot sports only', () => {
    const cadence = (sport: 'Run' | 'Walk' | 'Hike' | 'TrailRun' | 'Ride' | 'Swim') => {
      const builder = new TrackBuilder('points');
      builder.add(point(0, { cad: 80 }));
      builder.add(point(1));
      return builder.finish({ sport_type: sport, file_totals: {} }).points[0]!.cad;
    };
    expect([cadence('Run'), cadence('TrailRun'), cadence('Walk'), cadence('Hike')]).toEqual([160, 160, 160, 160]);
    expect([cadence('Ride'), cadence('Swim')]).toEqual([80, 80]);
  });
});
