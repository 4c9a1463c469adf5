import { SPORT_TYPES } from '../telemetry-point';
import {
  ACTIVITY_CONTENT_TYPES,
  ActivityImportError,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_POINTS,
  parseActivityFile,
  type ParsedActivity,
} from './index';
import { BROKEN_ACTIVITY_FIXTURES, GOOD_ACTIVITY_FIXTURES, readActivityFixture } from './testing/fixtures';

async function importError(promise: Promise<ParsedActivity>): Promise<ActivityImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ActivityImportError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('parseActivityFile', () => {
  describe.each(GOOD_ACTIVITY_FIXTURES)('the real-device file $file', (fixture) => {
    let activity: ParsedActivity;
    beforeAll(async () => {
      activity = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
    });

    it('keeps every point that has a position and a time', () => {
      expect(activity.points).toHaveLength(fixture.expected.points);
    });

    it('maps the sport and the start date', () => {
      expect(SPORT_TYPES).toContain(activity.sport_type);
      expect(activity.sport_type).toBe(fixture.expected.sport_type);
      expect(activity.start_date).toBe(fixture.expected.start_date);
      expect(activity.start_date).toBe(new Date(Date.parse(activity.start_date)).toISOString());
      expect(Date.parse(activity.start_date)).toBeLessThanOrEqual(activity.points[0]!.t);
    });

    it("reports the file's own totals", () => {
      expect(activity.file_totals).toEqual(fixture.expected.file_totals);
      if (fixture.format !== 'gpx') expect(activity.file_totals.distance).toBeGreaterThan(0);
      if (fixture.format !== 'gpx') expect(activity.file_totals.elapsed_time).toBeGreaterThan(0);
    });

    it('takes the name from the file when it has one', () => {
      expect(activity.name).toBe(fixture.expected.name);
    });

    it('returns points sorted by time with positions and sensor values in range', () => {
      const problems = activity.points.flatMap((point, i) => {
        const previous = activity.points[i - 1];
        const found: string[] = [];
        if (previous !== undefined && point.t < previous.t) found.push('out of order');
        if (!Number.isFinite(point.t)) found.push('time');
        if (!(point.lat >= -90 && point.lat <= 90) || !(point.lon >= -180 && point.lon <= 180)) found.push('position');
        if (point.lat === 0 && point.lon === 0) found.push('0,0');
        if (point.ele !== undefined && !(Math.abs(point.ele) < 10_000)) found.push('ele');
        if (point.hr !== undefined && !(point.hr > 0 && point.hr <= 300)) found.push('hr');
        if (point.cad !== undefined && !(point.cad >= 0 && point.cad <= 600)) found.push('cad');
        return found.map((problem) => `point ${i}: ${problem} ${JSON.stringify(point)}`);
      });
      expect(problems).toEqual([]);
    });
  });

  describe.each(BROKEN_ACTIVITY_FIXTURES)('the broken file $file', (fixture) => {
    it('is refused with a code and a message that says what is wrong', async () => {
      const error = await importError(parseActivityFile(readActivityFixture(fixture), fixture.contentType));
      expect(error.code).toBe(fixture.code);
      expect(error.message).toMatch(fixture.message);
    });
  });

  it('reads heart rate from GPX gpxtpx:hr, TCX HeartRateBpm and FIT heart_rate', async () => {
    for (const file of ['run.gpx', 'running-with-developer-data.fit', 'road-with-power.fit']) {
      const fixture = GOOD_ACTIVITY_FIXTURES.find((f) => f.file === file)!;
      const { points } = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
      expect(points.every((p) => p.hr !== undefined)).toBe(true);
    }
  });

  it('reports running cadence in steps per minute (twice the per-leg value FIT stores)', async () => {
    const { points } = await parseActivityFile(
      readActivityFixture('running-with-developer-data.fit'),
      ACTIVITY_CONTENT_TYPES.fit,
    );
    // First record: cadence 70 + fractional_cadence 0.5 strides/min per leg.
    expect(points[0]!.cad).toBe(141);
  });

  it('keeps cycling cadence in revolutions per minute', async () => {
    const { points } = await parseActivityFile(readActivityFixture('example.fit'), ACTIVITY_CONTENT_TYPES.fit);
    expect(points[0]!.cad).toBe(56); // first record's cadence as the file states it
  });

  describe('content types', () => {
    const gpx = readActivityFixture('run_gpxtpx.gpx');

    it.each(['text/plain', 'application/octet-stream', 'application/xml', 'application/json', ''])(
      'refuses %p with unsupported_media_type, without sniffing the body',
      async (contentType) => {
        const error = await importError(parseActivityFile(gpx, contentType));
        expect(error.code).toBe('unsupported_media_type');
        expect(error.message).toContain('application/gpx+xml');
      },
    );

    it('names the content type it refuses and the ones it accepts', async () => {
      const error = await importError(parseActivityFile(gpx, 'text/csv'));
      expect(error.message).toBe(
        'content type "text/csv" is not supported; send the file as one of application/gpx+xml, application/vnd.garmin.tcx+xml, application/vnd.ant.fit',
      );
    });

    it('accepts the media type in any case and with parameters', async () => {
      const activity = await parseActivityFile(gpx, 'Application/GPX+XML; charset=UTF-8');
      expect(activity.points).toHaveLength(42);
    });

    it('does not parse a file under another format’s content type', async () => {
      const error = await importError(parseActivityFile(gpx, ACTIVITY_CONTENT_TYPES.tcx));
      expect(error.code).toBe('malformed_file');
      expect(error.message).toBe(
        'TCX must have a <TrainingCenterDatabase> root element, found <gpx> (this is a GPX file: send it as application/gpx+xml)',
      );
      const fit = await importError(parseActivityFile(gpx, ACTIVITY_CONTENT_TYPES.fit));
      expect(fit.code).toBe('malformed_file');
      expect(fit.message).toMatch(/not a FIT file/);
    });
  });

  describe('size limits', () => {
    it('exports a 25 MiB byte limit and a 200,000 point limit', () => {
      expect(MAX_IMPORT_BYTES).toBe(25 * 1024 * 1024);
      expect(MAX_IMPORT_POINTS).toBe(200_000);
    });

    it.each(Object.values(ACTIVITY_CONTENT_TYPES))('refuses a %s body over the byte limit before parsing it', async (contentType) => {
      const error = await importError(parseActivityFile(Buffer.alloc(MAX_IMPORT_BYTES + 1), contentType));
      expect(error.code).toBe('too_large');
      expect(error.message).toBe('the file is 25 MiB; the largest accepted file is 25 MiB');
    });

    it('gets past the byte check with a body of exactly the limit', async () => {
      const error = await importError(parseActivityFile(Buffer.alloc(MAX_IMPORT_BYTES), ACTIVITY_CONTENT_TYPES.fit));
      expect(error.code).toBe('malformed_file');
    });

    it.each(Object.values(ACTIVITY_CONTENT_TYPES))('refuses an empty %s body', async (contentType) => {
      const error = await importError(parseActivityFile(Buffer.alloc(0), contentType));
      expect(error.code).toBe('malformed_file');
      expect(error.message).toBe('the file is empty (0 bytes)');
    });
  });

  describe.each(GOOD_ACTIVITY_FIXTURES)('damaged copies of $file', (fixture) => {
    // A fixed seed: the same damage in every run, so a failure can be reproduced.
    let seed = fixture.file.length * 7919;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * below);
    };
    const damaged = (original: Buffer, round: number): Buffer => {
      const copy = Buffer.from(original);
      if (round % 3 === 0) {
        for (let i = 0; i <= random(8); i++) copy[random(copy.length)] = random(256);
        return copy;
      }
      if (round % 3 === 1) return copy.subarray(0, random(copy.length));
      const at = random(copy.length);
      return Buffer.concat([copy.subarray(0, at), copy.subarray(at + 1 + random(64))]);
    };

    it('are read or refused with an ActivityImportError (a 4xx), never anything else', async () => {
      const original = readActivityFixture(fixture);
      for (let round = 0; round < 60; round++) {
        const body = damaged(original, round);
        await parseActivityFile(body, fixture.contentType).catch((error: unknown) => {
          if (!(error instanceof ActivityImportError)) throw new Error(`round ${round} of ${fixture.file} failed with ${String(error)}`);
        });
      }
      // The large FIT files take a couple of seconds for their 60 rounds; more on a busy machine.
    }, 30_000);
  });

  it('rejects with an ActivityImportError, also for failures inside the FIT decoder', async () => {
    const corrupted = Buffer.from(readActivityFixture('example.fit'));
    corrupted.fill(0xab, 5000, 5200);
    const error = await importError(parseActivityFile(corrupted, ACTIVITY_CONTENT_TYPES.fit));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ActivityImportError');
    expect(error.code).toBe('malformed_file');
    expect(error.message).toMatch(/^FIT file could not be decoded: /);
  });
});
