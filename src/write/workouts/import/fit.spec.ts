import { ActivityImportError } from './activity-import-error';
import { parseFit } from './fit';
import { MAX_IMPORT_POINTS } from './limits';
import { buildFitFile, buildPositionOnlyFitFile, type FitRecordSpec } from './testing/fit-file-builder';

const at = (second: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, second));
const START = at(0);

async function rejection(promise: Promise<unknown>): Promise<ActivityImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ActivityImportError) return error;
    throw error;
  }
  throw new Error('expected an ActivityImportError');
}

describe('parseFit', () => {
  it('skips records before the GPS fix and starts the activity at the session start', async () => {
    const records: FitRecordSpec[] = [
      { time: at(0), heartRate: 90 },
      { time: at(1), heartRate: 92 },
      { time: at(2), lat: 47.5, lon: 8.5, heartRate: 95, altitude: 410.2 },
      { time: at(3), lat: 47.50001, lon: 8.50001, heartRate: 96, altitude: 410.4 },
    ];
    const activity = await parseFit(
      buildFitFile({ records, sessions: [{ start: START, sport: 1, elapsedTime: 3.5, distance: 12.34 }] }),
    );
    expect(activity.start_date).toBe('2024-05-01T10:00:00.000Z');
    expect(activity.points).toHaveLength(2);
    expect(activity.points[0]).toEqual({
      t: at(2).getTime(),
      lat: expect.closeTo(47.5, 6),
      lon: expect.closeTo(8.5, 6),
      ele: expect.closeTo(410.2, 6),
      hr: 95,
    });
    expect(activity.file_totals).toEqual({ distance: 12.34, elapsed_time: 3.5 });
    expect(activity.sport_type).toBe('Run');
  });

  it('doubles running cadence (per leg, with its fractional part) to steps per minute', async () => {
    const activity = await parseFit(
      buildFitFile({
        records: [
          { time: at(0), lat: 1, lon: 1, cadence: 85, fractionalCadence: 0.5 },
          { time: at(1), lat: 1, lon: 1.0001, cadence: 86 },
        ],
        sessions: [{ start: START, sport: 1, subSport: 3, elapsedTime: 1 }],
      }),
    );
    expect(activity.sport_type).toBe('TrailRun');
    expect(activity.points.map((p) => p.cad)).toEqual([171, 172]);
  });

  it('keeps cycling cadence in rpm and recognises mountain biking', async () => {
    const activity = await parseFit(
      buildFitFile({
        records: [
          { time: at(0), lat: 1, lon: 1, cadence: 85 },
          { time: at(1), lat: 1, lon: 1.0001, cadence: 88 },
        ],
        sessions: [{ start: START, sport: 2, subSport: 8, elapsedTime: 1, distance: 11 }],
      }),
    );
    expect(activity.sport_type).toBe('MountainBikeRide');
    expect(activity.points.map((p) => p.cad)).toEqual([85, 88]);
  });

  it('sums the totals of several sessions and takes the sport of the first', async () => {
    const activity = await parseFit(
      buildFitFile({
        records: [
          { time: at(0), lat: 1, lon: 1 },
          { time: at(30), lat: 1, lon: 1.001 },
        ],
        sessions: [
          { start: START, sport: 17, elapsedTime: 20, distance: 100 },
          { start: at(20), sport: 2, elapsedTime: 10.5, distance: 50.5 },
        ],
      }),
    );
    expect(activity.sport_type).toBe('Hike');
    expect(activity.file_totals).toEqual({ distance: 150.5, elapsed_time: 30.5 });
  });

  it('defaults to Run with no totals when the file has no session', async () => {
    const activity = await parseFit(
      buildFitFile({
        records: [
          { time: at(5), lat: 1, lon: 1 },
          { time: at(6), lat: 1, lon: 1.0001 },
        ],
      }),
    );
    expect(activity.sport_type).toBe('Run');
    expect(activity.file_totals).toEqual({});
    expect(activity.start_date).toBe('2024-05-01T10:00:05.000Z');
  });

  it('maps a named sport without a SportType of its own to Workout', async () => {
    const activity = await parseFit(
      buildFitFile({
        records: [
          { time: at(0), lat: 1, lon: 1 },
          { time: at(1), lat: 1, lon: 1.0001 },
        ],
        sessions: [{ start: START, sport: 15 /* rowing */, elapsedTime: 1 }],
      }),
    );
    expect(activity.sport_type).toBe('Workout');
  });

  it('refuses a FIT file that is not an activity', async () => {
    const course = buildFitFile({
      fileType: 6,
      records: [
        { time: at(0), lat: 1, lon: 1 },
        { time: at(1), lat: 1, lon: 1.0001 },
      ],
    });
    const error = await rejection(parseFit(course));
    expect(error.code).toBe('empty_activity');
    expect(error.message).toBe('the FIT file is a "course" file, not an activity');
  });

  it('tolerates a wrong file checksum', async () => {
    const body = buildFitFile({
      records: [
        { time: at(0), lat: 1, lon: 1 },
        { time: at(1), lat: 1, lon: 1.0001 },
      ],
    });
    body[body.length - 1]! ^= 0xff;
    await expect(parseFit(body)).resolves.toMatchObject({ points: [{ t: at(0).getTime() }, { t: at(1).getTime() }] });
  });

  it('refuses a truncated file', async () => {
    const body = buildFitFile({
      records: Array.from({ length: 50 }, (_, i) => ({ time: at(i), lat: 1, lon: 1 + i / 1e4 })),
    });
    const error = await rejection(parseFit(body.subarray(0, body.length / 2)));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe('FIT file could not be decoded: File data exceeds input length');
  });

  it.each([
    ['text', Buffer.from('<gpx version="1.1"></gpx>')],
    ['a few bytes', Buffer.from([14, 16])],
  ])('refuses %s that does not start with a FIT header', async (_, body) => {
    const error = await rejection(parseFit(body));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe('not a FIT file: it does not start with a FIT header (".FIT" signature)');
  });

  it(`refuses more than ${MAX_IMPORT_POINTS} records with a position`, async () => {
    // The exact boundary is covered in track-builder.spec.ts; decoding 200k records takes seconds.
    const error = await rejection(parseFit(buildPositionOnlyFitFile(MAX_IMPORT_POINTS + 1, START)));
    expect(error.code).toBe('too_many_points');
    expect(error.message).toBe('the file has more than 200000 track points with a position; at most 200000 can be imported');
  });

  it('reads the byte-built file the limit test uses', async () => {
    const activity = await parseFit(buildPositionOnlyFitFile(3, START, 10, 20));
    expect(activity.points.map((p) => [p.t, p.lat.toFixed(6), p.lon.toFixed(6)])).toEqual([
      [at(0).getTime(), '10.000000', '20.000000'],
      [at(1).getTime(), '10.000001', '20.000000'],
      [at(2).getTime(), '10.000002', '20.000000'],
    ]);
  });
});
