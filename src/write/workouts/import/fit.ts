import FitParser, { type ParsedFit } from 'fit-file-parser';
import { ActivityImportError } from './activity-import-error';
import type { FileTotals, ParsedActivity } from './parsed-activity';
import { sportFromFit } from './sport';
import { TrackBuilder, type PointCandidate } from './track-builder';

type FitRecord = NonNullable<ParsedFit['records']>[number];
type FitSession = NonNullable<ParsedFit['sessions']>[number];

/**
 * Garmin/ANT FIT activity files, decoded by fit-file-parser into metres, m/s, degrees and
 * `Date`s. `force: true` (its default) tolerates a wrong CRC but still rejects a broken
 * header or data that runs past the end of the file. Sport from the first session's
 * `sport`/`sub_sport`; `file_totals` sums the sessions' `total_distance` and
 * `total_elapsed_time`; the declared start is the earliest session `start_time`.
 * Records without a position (before the GPS fix, indoor activities) are skipped.
 * Altitude prefers `enhanced_altitude`; cadence is `cadence + fractional_cadence` (per leg for runs).
 */
export async function parseFit(body: Uint8Array): Promise<ParsedActivity> {
  checkHeader(body);
  const fit = await decode(body);

  const fileType = fit.file_ids?.[0]?.type;
  if (fileType !== undefined && fileType !== 'activity') {
    throw new ActivityImportError('empty_activity', `the FIT file is a "${String(fileType)}" file, not an activity`);
  }

  const builder = new TrackBuilder('FIT records');
  for (const record of fit.records ?? []) builder.add(readRecord(record));

  const sessions = fit.sessions ?? [];
  const firstSession: FitSession | undefined = sessions[0];
  const sport = sportFromFit(firstSession?.sport, firstSession?.sub_sport);
  return builder.finish({
    sport_type: sport,
    declaredStart: earliestStart(sessions),
    file_totals: sessionTotals(sessions),
    emptyHint:
      firstSession === undefined
        ? undefined
        : `the session's sport is ${String(firstSession.sport ?? 'unknown')}/${String(firstSession.sub_sport ?? 'generic')}`,
  });
}

/** A FIT file starts with a 12- or 14-byte header whose bytes 8..11 are ".FIT". */
function checkHeader(body: Uint8Array): void {
  const headerSize = body[0];
  const signature = Buffer.from(body.subarray(8, 12)).toString('latin1');
  if (body.length < 12 || (headerSize !== 12 && headerSize !== 14) || signature !== '.FIT') {
    throw new ActivityImportError('malformed_file', 'not a FIT file: it does not start with a FIT header (".FIT" signature)');
  }
}

async function decode(body: Uint8Array): Promise<ParsedFit> {
  const parser = new FitParser({ force: true, mode: 'list', lengthUnit: 'm', speedUnit: 'm/s', temperatureUnit: 'celsius' });
  try {
    // A fresh ArrayBuffer: a pooled Buffer's `.buffer` may hold other data around it.
    return await parser.parseAsync(new Uint8Array(body).buffer);
  } catch (cause) {
    // fit-file-parser rejects with a string for the problems it detects, with an Error for others.
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ActivityImportError('malformed_file', `FIT file could not be decoded: ${detail}`, { cause });
  }
}

function readRecord(record: FitRecord): PointCandidate {
  const hasPosition = record.position_lat !== undefined || record.position_long !== undefined;
  const cadence = record.cadence === undefined ? undefined : record.cadence + (record.fractional_cadence ?? 0);
  return {
    t: record.timestamp?.getTime(),
    position: hasPosition ? { lat: record.position_lat, lon: record.position_long } : undefined,
    ele: record.enhanced_altitude ?? record.altitude,
    hr: record.heart_rate,
    cad: cadence,
  };
}

function earliestStart(sessions: readonly FitSession[]): number | undefined {
  const starts = sessions.map((s) => s.start_time?.getTime()).filter((t): t is number => t !== undefined && Number.isFinite(t));
  return starts.length === 0 ? undefined : Math.min(...starts);
}

function sessionTotals(sessions: readonly FitSession[]): FileTotals {
  const sum = (values: (number | undefined)[]): number | undefined => {
    const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v) && v >= 0);
    return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
  };
  const totals: FileTotals = {};
  const distance = sum(sessions.map((s) => s.total_distance));
  const elapsed = sum(sessions.map((s) => s.total_elapsed_time));
  if (distance !== undefined) totals.distance = distance;
  if (elapsed !== undefined) totals.elapsed_time = elapsed;
  return totals;
}
