import { ActivityImportError } from './activity-import-error';
import { parseGpx } from './gpx';

const gpx = (body: string, head = '<?xml version="1.0" encoding="UTF-8"?>'): Buffer =>
  Buffer.from(
    `${head}<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"` +
      ` xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">${body}</gpx>`,
  );
const trkpt = (lat: string | number, lon: string | number, time: string | undefined, extensions = ''): string =>
  `<trkpt lat="${lat}" lon="${lon}"><ele>10</ele>${time === undefined ? '' : `<time>${time}</time>`}${extensions}</trkpt>`;
const hr = (bpm: number) => `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${bpm}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`;
const track = (points: string[], extra = ''): string => `<trk>${extra}<trkseg>${points.join('')}</trkseg></trk>`;

function thrown(action: () => unknown): ActivityImportError {
  try {
    action();
  } catch (error) {
    if (error instanceof ActivityImportError) return error;
    throw error;
  }
  throw new Error('expected an ActivityImportError');
}

describe('parseGpx', () => {
  it('keeps heart rate with its own point when other points lack it or are skipped', () => {
    const activity = parseGpx(
      gpx(
        track([
          trkpt(47.1, 8.1, '2024-05-01T10:00:00Z', hr(100)),
          trkpt('undefined', 8.2, '2024-05-01T10:00:01Z', hr(110)),
          trkpt(47.3, 8.3, '2024-05-01T10:00:02Z'),
          trkpt(47.4, 8.4, '2024-05-01T10:00:03Z', hr(130)),
        ]),
      ),
    );
    expect(activity.points.map((p) => [p.lat, p.hr])).toEqual([
      [47.1, 100],
      [47.3, undefined],
      [47.4, 130],
    ]);
  });

  it('merges all tracks and segments into one list sorted by time', () => {
    const activity = parseGpx(
      gpx(
        track([trkpt(1, 1, '2024-05-01T10:00:05Z'), trkpt(2, 2, '2024-05-01T10:00:03Z')]) +
          track([trkpt(3, 3, '2024-05-01T10:00:01Z')]),
      ),
    );
    expect(activity.points.map((p) => p.lat)).toEqual([3, 2, 1]);
    expect(activity.start_date).toBe('2024-05-01T10:00:01.000Z');
    expect(activity.file_totals).toEqual({});
  });

  it('reads elevation, cadence and times with offsets, and takes times without a zone as UTC', () => {
    const cad = '<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>';
    const activity = parseGpx(
      gpx(track([trkpt(1, 1, '2024-05-01T12:00:00+02:00', cad), trkpt(2, 2, '2024-05-01T10:00:01')], '<type>cycling</type>')),
    );
    expect(activity.points).toEqual([
      { t: Date.UTC(2024, 4, 1, 10, 0, 0), lat: 1, lon: 1, ele: 10, cad: 80 },
      { t: Date.UTC(2024, 4, 1, 10, 0, 1), lat: 2, lon: 2, ele: 10 },
    ]);
  });

  it.each([
    ['running', 'Run', 170],
    ['Run', 'Run', 170],
    ['trail_running', 'TrailRun', 170],
    ['hiking', 'Hike', 170],
    ['cycling', 'Ride', 85],
    ['mountain_biking', 'MountainBikeRide', 85],
    ['kitesurfing', 'Run', 170],
  ])('maps <type>%s</type> to %s and gives cadence %d for a per-leg/rpm value of 85', (type, sport, cadence) => {
    const cad = '<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>';
    const activity = parseGpx(
      gpx(track([trkpt(1, 1, '2024-05-01T10:00:00Z', cad), trkpt(2, 2, '2024-05-01T10:00:01Z')], `<type>${type}</type>`)),
    );
    expect(activity.sport_type).toBe(sport);
    expect(activity.points[0]!.cad).toBe(cadence);
  });

  it('defaults the sport to Run and takes the name from <metadata> when the track has none', () => {
    const activity = parseGpx(
      gpx(`<metadata><name> Morning </name></metadata>${track([trkpt(1, 1, '2024-05-01T10:00:00Z'), trkpt(2, 2, '2024-05-01T10:00:01Z')])}`),
    );
    expect(activity.sport_type).toBe('Run');
    expect(activity.name).toBe('Morning');
  });

  it('skips points without a time and says so when none is left', () => {
    const error = thrown(() => parseGpx(gpx(track([trkpt(1, 1, undefined), trkpt(2, 2, 'yesterday')]))));
    expect(error.code).toBe('empty_activity');
    expect(error.message).toBe(
      'the file contains no track points with a position and time: of 2 <trkpt> elements, 2 have no valid time',
    );
  });

  it('refuses a file with only routes and waypoints, saying they are not activities', () => {
    const error = thrown(() =>
      parseGpx(gpx('<wpt lat="1" lon="1"/><rte><rtept lat="1" lon="1"/><rtept lat="2" lon="2"/></rte>')),
    );
    expect(error.code).toBe('empty_activity');
    expect(error.message).toBe(
      'the file contains no track points (no <trkpt> elements); it holds 1 route(s) <rte> and 1 waypoint(s) <wpt>, which are plans, not recorded activities',
    );
  });

  it('refuses a single usable point: an activity needs two', () => {
    const error = thrown(() => parseGpx(gpx(track([trkpt(1, 1, '2024-05-01T10:00:00Z'), trkpt(91, 1, '2024-05-01T10:00:01Z')]))));
    expect(error.code).toBe('empty_activity');
    expect(error.message).toMatch(/^the file contains only 1 track point with a position and time, an activity needs at least 2: of 2 <trkpt> elements, 1 has a missing, non-numeric or out-of-range latitude\/longitude$/);
  });

  it('refuses a TCX document sent as GPX, naming the right content type', () => {
    const error = thrown(() => parseGpx(Buffer.from('<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"/>')));
    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'GPX must have a <gpx> root element, found <TrainingCenterDatabase> (this is a TCX file: send it as application/vnd.garmin.tcx+xml)',
    );
  });

  describe('XML that is not well-formed', () => {
    const points = track([trkpt(1, 1, '2024-05-01T10:00:00Z'), trkpt(2, 2, '2024-05-01T10:00:01Z')]);
    it.each([
      ['a truncated file', gpx(points).subarray(0, 200), /unclosed tag: trkseg/],
      ['a file cut between elements', gpx(points).subarray(0, gpx(points).indexOf('</trkseg>')), /unclosed tag: trkseg/],
      ['mismatched tags', gpx('<trk><trkseg></trk></trkseg>'), /<trkseg> is not closed/],
      ['a duplicated attribute', gpx('<trk><trkseg><trkpt lat="1" lat="2" lon="3"/></trkseg></trk>'), /duplicate attribute: lat/],
      ['an unbound namespace prefix', gpx(`<trk><x:y/></trk>${points}`), /unbound namespace prefix: "x"/],
      ['a raw "<" in text', gpx(`<trk><name>a < b</name></trk>${points}`), /disallowed character in tag name/],
      // saxes reads on for the entity's ";" and fails at the end of the file.
      ['a raw "&" in text', gpx(`<trk><name>a & b</name></trk>${points}`), /unclosed tag: name/],
      ['an entity XML does not define', gpx(`<trk><name>&nbsp;</name></trk>${points}`), /undefined entity/],
      ['an unquoted attribute', gpx('<trk><trkseg><trkpt lat=1 lon="2"/></trkseg></trk>'), /unquoted attribute value/],
      ['two root elements', Buffer.concat([gpx(points), Buffer.from('<gpx/>')]), /only one root/],
      ['text that is not XML at all', Buffer.from('lat,lon\n1,2\n'), /text data outside of root node/],
      ['binary data', Buffer.from([0x0e, 0x10, 0xd9, 0x07, 0x2e, 0x46, 0x49, 0x54]), /disallowed character/],
      ['an empty file', Buffer.alloc(0), /document must contain a root element/],
    ])('refuses %s as malformed_file', (_, body, detail) => {
      const error = thrown(() => parseGpx(body));
      expect(error.code).toBe('malformed_file');
      expect(error.message).toMatch(/^GPX is not well-formed XML: /);
      expect(error.message).toMatch(detail);
    });

    it('tells where the problem is', () => {
      const error = thrown(() => parseGpx(Buffer.from('<gpx>\n<trk>\n  <trkseg></trk>\n</gpx>')));
      expect(error.message).toBe('GPX is not well-formed XML: <trkseg> is not closed (line 3, column 17)');
    });
  });

  describe('elements nested deeper than GPX ever nests them', () => {
    // gpx, trk, trkseg and trkpt are 4 deep: `levels` more inside the first point.
    const nested = (levels: number) =>
      gpx(track([trkpt(1, 1, '2024-05-01T10:00:00Z', '<a>'.repeat(levels) + '</a>'.repeat(levels)), trkpt(2, 2, '2024-05-01T10:00:01Z')]));

    it('reads a file nested 64 deep', () => {
      expect(parseGpx(nested(60)).points).toHaveLength(2);
    });

    it('refuses one nested 65 deep, as it reads it', () => {
      const error = thrown(() => parseGpx(nested(61)));
      expect(error.code).toBe('malformed_file');
      expect(error.message).toMatch(/^GPX nests elements more than 64 deep \(line 1, column \d+\)$/);
    });

    it('refuses 200,000 levels at once, where walking them took minutes', () => {
      expect(thrown(() => parseGpx(nested(200_000))).message).toMatch(/more than 64 deep/);
    });
  });

  describe('character encodings', () => {
    const body = (name: string) =>
      `<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>${name}</name><trkseg>` +
      `${trkpt(1, 1, '2024-05-01T10:00:00Z')}${trkpt(2, 2, '2024-05-01T10:00:01Z')}</trkseg></trk></gpx>`;

    it('accepts a UTF-8 byte-order mark', () => {
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body('Zürich'))]);
      expect(parseGpx(withBom).name).toBe('Zürich');
    });

    it('accepts UTF-16 with a byte-order mark', () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body('Zürich'), 'utf16le')]);
      expect(parseGpx(utf16).name).toBe('Zürich');
    });

    it('honours the encoding of the XML declaration, and a charset parameter over it', () => {
      const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body('Zürich')}`, 'latin1');
      expect(parseGpx(latin1).name).toBe('Zürich');
      const utf8 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body('Zürich')}`, 'utf8');
      expect(parseGpx(utf8, 'utf-8').name).toBe('Zürich');
    });

    it('refuses an encoding it does not know', () => {
      const error = thrown(() => parseGpx(Buffer.from(`<?xml version="1.0" encoding="x-klingon"?>${body('a')}`)));
      expect(error.code).toBe('malformed_file');
      expect(error.message).toBe('GPX uses an unsupported character encoding "x-klingon"');
    });
  });
});
