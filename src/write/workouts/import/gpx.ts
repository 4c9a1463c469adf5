import { ActivityImportError } from './activity-import-error';
import type { ParsedActivity } from './parsed-activity';
import { sportFromWord } from './sport';
import { TrackBuilder, type PointCandidate } from './track-builder';
import { decodeXmlText, parseDateTime, parseDecimal } from './xml';
import { childElements, childText, descendantDecimal, parseStrictXml, type XmlElement } from './xml-tree';

/** Extension element names (any namespace) that hold heart rate / cadence: Garmin's gpxtpx:hr, gpxtpx:cad and common variants. */
const HEART_RATE_NAMES: ReadonlySet<string> = new Set(['hr', 'heartrate', 'heart']);
const CADENCE_NAMES: ReadonlySet<string> = new Set(['cad', 'cadence']);

/**
 * GPX 1.0 / 1.1. Only recorded tracks count (`<trk><trkseg><trkpt>`); routes and waypoints are
 * plans, not activities. All tracks and segments are merged into one time-sorted list.
 * Sport from the first `<trk><type>`, name from the first `<trk><name>` or the file's name.
 * GPX has no summary, so `file_totals` is empty.
 *
 * The tree is walked directly rather than through @tmcw/togeojson: togeojson stores per-point
 * values in parallel arrays that drift out of line when some points lack a time or a position
 * (times are only pushed when present; extension values are indexed by the point's position
 * among all <trkpt>, including the ones it dropped).
 */
export function parseGpx(body: Uint8Array, charset?: string): ParsedActivity {
  const root = parseStrictXml(decodeXmlText(body, 'GPX', charset), 'GPX');
  if (root.localName !== 'gpx') {
    const found = root.localName;
    const hint = found === 'TrainingCenterDatabase' ? ' (this is a TCX file: send it as application/vnd.garmin.tcx+xml)' : '';
    throw new ActivityImportError('malformed_file', `GPX must have a <gpx> root element, found <${found}>${hint}`);
  }

  const builder = new TrackBuilder('<trkpt> elements');
  let trackName: string | undefined;
  let trackType: string | undefined;
  for (const track of childElements(root, 'trk')) {
    trackName ??= childText(track, 'name');
    trackType ??= childText(track, 'type');
    for (const segment of childElements(track, 'trkseg')) {
      for (const trackPoint of childElements(segment, 'trkpt')) builder.add(readTrackPoint(trackPoint));
    }
  }

  return builder.finish({
    sport_type: sportFromWord(trackType),
    file_totals: {},
    name: trackName ?? fileName(root),
    emptyHint: describeNonTracks(root),
  });
}

function readTrackPoint(trackPoint: XmlElement): PointCandidate {
  const extensions = [...childElements(trackPoint, 'extensions')];
  const extensionValue = (names: ReadonlySet<string>): number | undefined => {
    for (const extension of extensions) {
      const value = descendantDecimal(extension, names);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return {
    t: parseDateTime(childText(trackPoint, 'time')),
    position: { lat: parseDecimal(trackPoint.attributes.lat), lon: parseDecimal(trackPoint.attributes.lon) },
    ele: parseDecimal(childText(trackPoint, 'ele')),
    hr: extensionValue(HEART_RATE_NAMES),
    cad: extensionValue(CADENCE_NAMES),
  };
}

/** GPX 1.1 `<metadata><name>`, GPX 1.0 `<gpx><name>`. */
function fileName(root: XmlElement): string | undefined {
  for (const metadata of childElements(root, 'metadata')) return childText(metadata, 'name');
  return childText(root, 'name');
}

function describeNonTracks(root: XmlElement): string | undefined {
  const count = (localName: string) => [...childElements(root, localName)].length;
  const routes = count('rte');
  const waypoints = count('wpt');
  if (routes === 0 && waypoints === 0) return undefined;
  return `it holds ${routes} route(s) <rte> and ${waypoints} waypoint(s) <wpt>, which are plans, not recorded activities`;
}
