import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SportType } from '../../telemetry-point';
import type { ActivityImportErrorCode } from '../activity-import-error';
import { ACTIVITY_CONTENT_TYPES, type ActivityContentType } from '../content-types';
import type { ActivityFileFormat, FileTotals } from '../parsed-activity';

/**
 * The real-device sample files in test/fixtures/activities (see its README for origin and
 * licences), with what parseActivityFile makes of them. For tests, import benchmarks and
 * distance cross-checks.
 */
export interface ActivityFixture {
  /** File name inside test/fixtures/activities. */
  file: string;
  format: ActivityFileFormat;
  contentType: ActivityContentType;
}

export interface GoodActivityFixture extends ActivityFixture {
  expected: {
    /** Points kept (with a valid position and time). */
    points: number;
    sport_type: SportType;
    start_date: string;
    /** The file's own totals; `{}` for GPX, which has no summary. */
    file_totals: FileTotals;
    name?: string;
  };
  /** What the file is, in a few words. */
  about: string;
}

export interface BrokenActivityFixture extends ActivityFixture {
  code: ActivityImportErrorCode;
  /** A fragment of the error message. */
  message: RegExp;
  about: string;
}

const fixture = (file: string): ActivityFixture => {
  const format = file.slice(file.lastIndexOf('.') + 1) as ActivityFileFormat;
  return { file, format, contentType: ACTIVITY_CONTENT_TYPES[format] };
};

export const GOOD_ACTIVITY_FIXTURES: readonly GoodActivityFixture[] = [
  {
    ...fixture('Friday-Evening-Run.gpx'),
    about: 'Apple Watch run export, 17 sparse points, gpxtpx cadence (per leg) and two <extensions> per point',
    expected: { points: 17, sport_type: 'Run', start_date: '2025-05-02T15:51:15.692Z', file_totals: {}, name: 'Friday Evening Run' },
  },
  {
    ...fixture('blue_hills.gpx'),
    about: 'ExpertGPS GPX 1.0: three mountain-bike tracks recorded months apart (May to Oct 2001) plus waypoints, no <type>',
    expected: { points: 1243, sport_type: 'Run', start_date: '2001-05-26T15:15:07.000Z', file_totals: {}, name: 'BIG LOOP' },
  },
  {
    ...fixture('missing_hr.gpx'),
    about: 'Garmin Oregon 600, three segments; heart rate on only some points',
    expected: { points: 16, sport_type: 'Run', start_date: '2017-05-27T04:00:00.000Z', file_totals: {}, name: 'missing hr' },
  },
  {
    ...fixture('run.gpx'),
    about: 'Garmin Connect GPX run with gpxtpx:hr',
    expected: { points: 206, sport_type: 'Run', start_date: '2012-10-24T23:29:40.000Z', file_totals: {}, name: 'Untitled' },
  },
  {
    ...fixture('run_gpxtpx.gpx'),
    about: 'Strava GPX, 42 one-second points with gpxtpx:hr',
    expected: {
      points: 42,
      sport_type: 'Run',
      start_date: '2015-01-19T21:24:20.000Z',
      file_totals: {},
      name: 'Greeting SF with a dumb, dumb route',
    },
  },
  {
    ...fixture('strava.gpx'),
    about: 'Strava GPX sample: 3 points an hour apart with hr, cad, atemp and a custom <power>',
    expected: { points: 3, sport_type: 'Run', start_date: '2018-05-14T14:54:21.000Z', file_totals: {}, name: "120' moderate and hard" },
  },
  {
    ...fixture('garmin_connect.tcx'),
    about: 'Garmin Connect TCX from an Edge 520 ride, one lap, one Trackpoint without Position',
    expected: {
      points: 316,
      sport_type: 'Ride',
      start_date: '2020-03-06T00:23:46.000Z',
      file_totals: { distance: 1691.68, elapsed_time: 4352 },
    },
  },
  {
    ...fixture('example.fit'),
    about: 'Garmin (product 1561) ride with power and cadence, one record without position',
    expected: {
      points: 3228,
      sport_type: 'Ride',
      start_date: '2015-10-12T15:47:45.000Z',
      file_totals: { distance: 24786.26, elapsed_time: 3290.753 },
    },
  },
  {
    ...fixture('road-with-power.fit'),
    about: 'Garmin Edge MTB (product 4655) road ride with power and heart rate',
    expected: {
      points: 4746,
      sport_type: 'Ride',
      start_date: '2026-01-19T12:57:15.000Z',
      file_totals: { distance: 31217.81, elapsed_time: 5304.653 },
    },
  },
  {
    ...fixture('running-with-developer-data.fit'),
    about: 'Garmin (product 2604) 5.4 km run, 14 laps, Stryd developer fields',
    expected: {
      points: 1681,
      sport_type: 'Run',
      start_date: '2018-06-14T14:55:22.000Z',
      file_totals: { distance: 5383.19, elapsed_time: 1680.559 },
    },
  },
];

export const BROKEN_ACTIVITY_FIXTURES: readonly BrokenActivityFixture[] = [
  {
    ...fixture('bad.gpx'),
    about: 'well-formed GPX whose trkpt/rtept/wpt coordinates are "undefined", "x", "y"',
    code: 'empty_activity',
    message: /no track points with a position.*2 have a missing, non-numeric or out-of-range latitude\/longitude/,
  },
  {
    ...fixture('empty_trk.gpx'),
    about: 'well-formed GPX with one <trk> holding one empty <trkseg>',
    code: 'empty_activity',
    message: /no track points \(no <trkpt> elements\)/,
  },
  {
    ...fixture('bad.tcx'),
    about:
      'well-formed Fitbit TCX: lap 1 has points at 0,0 and 0,10 one second apart; lap 2 has "no"/"undefined" coordinates',
    code: 'empty_activity',
    message: /only 1 track point with a position.*0°N 0°E.*non-numeric/,
  },
  {
    ...fixture('failed.fit'),
    about: 'valid FIT (CRC correct) of a 13-minute indoor yoga session: 779 records with heart rate, none with a position',
    code: 'empty_activity',
    message: /no track points with a position.*779 have no position.*training\/yoga/,
  },
];

let fixturesDirectory: string | undefined;

/** Absolute path of test/fixtures/activities, found upwards from this file (works from src/ and dist/). */
export function activityFixturesDir(): string {
  if (fixturesDirectory !== undefined) return fixturesDirectory;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', 'activities');
    if (existsSync(candidate)) return (fixturesDirectory = candidate);
    if (dirname(dir) === dir) throw new Error(`test/fixtures/activities not found above ${__dirname}`);
  }
}

export function activityFixturePath(fixture: ActivityFixture | string): string {
  return join(activityFixturesDir(), typeof fixture === 'string' ? fixture : fixture.file);
}

export function readActivityFixture(fixture: ActivityFixture | string): Buffer {
  return readFileSync(activityFixturePath(fixture));
}
