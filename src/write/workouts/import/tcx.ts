import { ActivityImportError } from './activity-import-error';
import type { FileTotals, ParsedActivity } from './parsed-activity';
import { sportFromTcx } from './sport';
import { TrackBuilder, type PointCandidate } from './track-builder';
import { decodeXmlText, parseDateTime, parseDecimal } from './xml';
import {
  childElements,
  childText,
  descendantDecimal,
  descendants,
  findDescendant,
  firstChildElement,
  parseStrictXml,
  type XmlElement,
} from './xml-tree';

const RUN_CADENCE: ReadonlySet<string> = new Set(['RunCadence']);
const COURSE: ReadonlySet<string> = new Set(['Course']);

/**
 * Garmin Training Center XML v2. Every `<Activity>` (also inside a MultiSportSession) is read;
 * courses (`<Courses>`) are plans and ignored. Sport from the first Activity's `Sport`
 * attribute; `file_totals` sums `<Lap><DistanceMeters>` and `<Lap><TotalTimeSeconds>`;
 * the declared start is the earliest `<Lap StartTime>` (or `<Activity><Id>`). Trackpoints
 * without `<Position>` (pauses, indoor laps) are skipped. Cadence is `<Cadence>` or the
 * ActivityExtension `<RunCadence>`; both are per leg for runs.
 */
export function parseTcx(body: Uint8Array, charset?: string): ParsedActivity {
  const root = parseStrictXml(decodeXmlText(body, 'TCX', charset), 'TCX');
  if (root.localName !== 'TrainingCenterDatabase') {
    const found = root.localName;
    const hint = found === 'gpx' ? ' (this is a GPX file: send it as application/gpx+xml)' : '';
    throw new ActivityImportError('malformed_file', `TCX must have a <TrainingCenterDatabase> root element, found <${found}>${hint}`);
  }

  const activities: XmlElement[] = [];
  for (const element of descendants(root)) if (element.localName === 'Activity') activities.push(element);
  const builder = new TrackBuilder('Trackpoint elements');
  let distance: number | undefined;
  let elapsed: number | undefined;
  let declaredStart: number | undefined;
  const earliest = (a: number | undefined, b: number | undefined) =>
    a === undefined ? b : b === undefined ? a : Math.min(a, b);

  for (const activity of activities) {
    declaredStart = earliest(declaredStart, parseDateTime(childText(activity, 'Id')));
    for (const lap of childElements(activity, 'Lap')) {
      declaredStart = earliest(declaredStart, parseDateTime(lap.attributes.StartTime));
      const lapDistance = nonNegative(parseDecimal(childText(lap, 'DistanceMeters')));
      const lapTime = nonNegative(parseDecimal(childText(lap, 'TotalTimeSeconds')));
      if (lapDistance !== undefined) distance = (distance ?? 0) + lapDistance;
      if (lapTime !== undefined) elapsed = (elapsed ?? 0) + lapTime;
      for (const track of childElements(lap, 'Track')) {
        for (const trackPoint of childElements(track, 'Trackpoint')) builder.add(readTrackpoint(trackPoint));
      }
    }
  }

  const fileTotals: FileTotals = {};
  if (distance !== undefined) fileTotals.distance = distance;
  if (elapsed !== undefined) fileTotals.elapsed_time = elapsed;
  const firstActivity: XmlElement | undefined = activities[0];
  return builder.finish({
    sport_type: sportFromTcx(firstActivity?.attributes.Sport),
    declaredStart,
    file_totals: fileTotals,
    emptyHint:
      activities.length === 0
        ? `it has no <Activity>${findDescendant(root, COURSE) !== undefined ? ', only courses, which are plans, not recorded activities' : ''}`
        : undefined,
  });
}

function readTrackpoint(trackPoint: XmlElement): PointCandidate {
  const position = firstChildElement(trackPoint, 'Position');
  const heartRate = firstChildElement(trackPoint, 'HeartRateBpm');
  const extensions = firstChildElement(trackPoint, 'Extensions');
  return {
    t: parseDateTime(childText(trackPoint, 'Time')),
    position:
      position === undefined
        ? undefined
        : { lat: parseDecimal(childText(position, 'LatitudeDegrees')), lon: parseDecimal(childText(position, 'LongitudeDegrees')) },
    ele: parseDecimal(childText(trackPoint, 'AltitudeMeters')),
    hr: heartRate === undefined ? undefined : parseDecimal(childText(heartRate, 'Value')),
    cad:
      parseDecimal(childText(trackPoint, 'Cadence')) ??
      (extensions === undefined ? undefined : descendantDecimal(extensions, RUN_CADENCE)),
  };
}

function nonNegative(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? value : undefined;
}
