import { ActivityImportError } from './activity-import-error';
import { parseTcx } from './tcx';

const tcx = (activities: string): Buffer =>
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"' +
      ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">' +
      `<Activities>${activities}</Activities></TrainingCenterDatabase>`,
  );
const activity = (sport: string, laps: string[], id = '2024-05-01T10:00:00Z') =>
  `<Activity Sport="${sport}"><Id>${id}</Id>${laps.join('')}</Activity>`;
const lap = (start: string, totals: string, points: string[]) =>
  `<Lap StartTime="${start}">${totals}<Track>${points.join('')}</Track></Lap>`;
const totals = (seconds: number, metres: number) =>
  `<TotalTimeSeconds>${seconds}</TotalTimeSeconds><DistanceMeters>${metres}</DistanceMeters>`;
interface TrackpointSpec {
  time: string;
  lat?: number;
  lon?: number;
  hr?: number;
  cadence?: number;
  runCadence?: number;
}
const trackpoint = ({ time, lat, lon, hr, cadence, runCadence }: TrackpointSpec) =>
  '<Trackpoint>' +
  `<Time>${time}</Time>` +
  (lat === undefined ? '' : `<Position><LatitudeDegrees>${lat}</LatitudeDegrees><LongitudeDegrees>${lon}</LongitudeDegrees></Position>`) +
  '<AltitudeMeters>12.5</AltitudeMeters>' +
  (hr === undefined ? '' : `<HeartRateBpm><Value>${hr}</Value></HeartRateBpm>`) +
  (cadence === undefined ? '' : `<Cadence>${cadence}</Cadence>`) +
  (runCadence === undefined ? '' : `<Extensions><ns3:TPX><ns3:RunCadence>${runCadence}</ns3:RunCadence></ns3:TPX></Extensions>`) +
  '</Trackpoint>';

function thrown(action: () => unknown): ActivityImportError {
  try {
    action();
  } catch (error) {
    if (error instanceof ActivityImportError) return error;
    throw error;
  }
  throw new Error('expected an ActivityImportError');
}

describe('parseTcx', () => {
  it('sums lap distance and time into file_totals and reads position, altitude, heart rate', () => {
    const parsed = parseTcx(
      tcx(
        activity('Biking', [
          lap('2024-05-01T10:00:00Z', totals(60, 500.5), [
            trackpoint({ time: '2024-05-01T10:00:00Z', lat: 47, lon: 8, hr: 120, cadence: 90 }),
          ]),
          lap('2024-05-01T10:01:00Z', totals(30.5, 250), [
            trackpoint({ time: '2024-05-01T10:01:00Z', lat: 47.001, lon: 8.001, hr: 130, cadence: 92 }),
          ]),
        ]),
      ),
    );
    expect(parsed.file_totals).toEqual({ distance: 750.5, elapsed_time: 90.5 });
    expect(parsed.sport_type).toBe('Ride');
    expect(parsed.points).toEqual([
      { t: Date.UTC(2024, 4, 1, 10, 0, 0), lat: 47, lon: 8, ele: 12.5, hr: 120, cad: 90 },
      { t: Date.UTC(2024, 4, 1, 10, 1, 0), lat: 47.001, lon: 8.001, ele: 12.5, hr: 130, cad: 92 },
    ]);
    expect(parsed.name).toBeUndefined();
  });

  it('leaves file_totals empty when no lap states them', () => {
    const parsed = parseTcx(
      tcx(
        activity('Running', [
          lap('2024-05-01T10:00:00Z', '', [
            trackpoint({ time: '2024-05-01T10:00:00Z', lat: 47, lon: 8 }),
            trackpoint({ time: '2024-05-01T10:00:01Z', lat: 47, lon: 8.0001 }),
          ]),
        ]),
      ),
    );
    expect(parsed.file_totals).toEqual({});
  });

  it('skips Trackpoints without a Position and starts at the lap start, converting offsets to UTC', () => {
    const parsed = parseTcx(
      tcx(
        activity(
          'Running',
          [
            lap('2024-05-01T12:00:00+02:00', totals(10, 20), [
              trackpoint({ time: '2024-05-01T12:00:00+02:00', hr: 100 }),
              trackpoint({ time: '2024-05-01T12:00:05+02:00', lat: 47, lon: 8 }),
              trackpoint({ time: '2024-05-01T12:00:06+02:00', lat: 47, lon: 8.0001 }),
            ]),
          ],
          '2024-05-01T10:00:00.000Z',
        ),
      ),
    );
    expect(parsed.points).toHaveLength(2);
    expect(parsed.points[0]!.t).toBe(Date.UTC(2024, 4, 1, 10, 0, 5));
    expect(parsed.start_date).toBe('2024-05-01T10:00:00.000Z');
  });

  it('ignores a declared start more than a day before the first point', () => {
    const parsed = parseTcx(
      tcx(
        activity(
          'Running',
          [
            lap('1999-01-01T00:00:00Z', totals(10, 20), [
              trackpoint({ time: '2024-05-01T10:00:00Z', lat: 47, lon: 8 }),
              trackpoint({ time: '2024-05-01T10:00:01Z', lat: 47, lon: 8.0001 }),
            ]),
          ],
          '1999-01-01T00:00:00Z',
        ),
      ),
    );
    expect(parsed.start_date).toBe('2024-05-01T10:00:00.000Z');
  });

  it('reads running cadence from the RunCadence extension and doubles it to steps per minute', () => {
    const parsed = parseTcx(
      tcx(
        activity('Running', [
          lap('2024-05-01T10:00:00Z', totals(1, 3), [
            trackpoint({ time: '2024-05-01T10:00:00Z', lat: 47, lon: 8, runCadence: 84 }),
            trackpoint({ time: '2024-05-01T10:00:01Z', lat: 47, lon: 8.0001, runCadence: 86 }),
          ]),
        ]),
      ),
    );
    expect(parsed.sport_type).toBe('Run');
    expect(parsed.points.map((p) => p.cad)).toEqual([168, 172]);
  });

  it.each([
    ['Running', 'Run'],
    ['Biking', 'Ride'],
    ['Other', 'Workout'],
    ['Skydiving', 'Run'],
  ])('maps Sport="%s" to %s', (sport, expected) => {
    const parsed = parseTcx(
      tcx(
        activity(sport, [
          lap('2024-05-01T10:00:00Z', '', [
            trackpoint({ time: '2024-05-01T10:00:00Z', lat: 47, lon: 8 }),
            trackpoint({ time: '2024-05-01T10:00:01Z', lat: 47, lon: 8.0001 }),
          ]),
        ]),
      ),
    );
    expect(parsed.sport_type).toBe(expected);
  });

  it('refuses a file whose Trackpoints have no Position, counting them', () => {
    const error = thrown(() =>
      parseTcx(
        tcx(
          activity('Running', [
            lap('2024-05-01T10:00:00Z', totals(600, 0), [
              trackpoint({ time: '2024-05-01T10:00:00Z', hr: 100 }),
              trackpoint({ time: '2024-05-01T10:00:01Z', hr: 101 }),
            ]),
          ]),
        ),
      ),
    );
    expect(error.code).toBe('empty_activity');
    expect(error.message).toBe(
      'the file contains no track points with a position and time: of 2 Trackpoint elements, 2 have no position',
    );
  });

  it('refuses a file that holds only courses', () => {
    const body = Buffer.from(
      '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">' +
        '<Courses><Course><Name>Loop</Name></Course></Courses></TrainingCenterDatabase>',
    );
    const error = thrown(() => parseTcx(body));
    expect(error.code).toBe('empty_activity');
    expect(error.message).toBe(
      'the file contains no track points (no Trackpoint elements); it has no <Activity>, only courses, which are plans, not recorded activities',
    );
  });

  it('refuses XML that is not well-formed', () => {
    const error = thrown(() => parseTcx(tcx(activity('Running', ['<Lap><Track></Lap>']))));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toMatch(/^TCX is not well-formed XML: <Track> is not closed \(line 1, column \d+\)$/);
  });

  it('refuses elements nested deeper than 64, before walking them', () => {
    const error = thrown(() => parseTcx(Buffer.from(`<TrainingCenterDatabase>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</TrainingCenterDatabase>`)));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toMatch(/^TCX nests elements more than 64 deep/);
  });

  it('refuses a GPX document sent as TCX', () => {
    const error = thrown(() => parseTcx(Buffer.from('<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"/>')));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toMatch(/found <gpx> \(this is a GPX file: send it as application\/gpx\+xml\)$/);
  });
});
