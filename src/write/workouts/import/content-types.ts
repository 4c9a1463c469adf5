import { ActivityImportError } from './activity-import-error';
import type { ActivityFileFormat } from './parsed-activity';

/** The media types of `POST /v1/workouts/import` (API.md), one per format. */
export const ACTIVITY_CONTENT_TYPES = {
  gpx: 'application/gpx+xml',
  tcx: 'application/vnd.garmin.tcx+xml',
  fit: 'application/vnd.ant.fit',
} as const satisfies Record<ActivityFileFormat, string>;

export type ActivityContentType = (typeof ACTIVITY_CONTENT_TYPES)[ActivityFileFormat];

export interface ParsedContentType {
  format: ActivityFileFormat;
  /** The `charset` parameter, lower-cased, if the header has one. */
  charset?: string;
}

/**
 * Reads a Content-Type header value: the media type is matched case-insensitively and
 * parameters (`; charset=utf-8`) are allowed. No sniffing: anything else is refused.
 */
export function parseActivityContentType(contentType: string): ParsedContentType {
  const [essence = '', ...parameters] = contentType.split(';');
  const mediaType = essence.trim().toLowerCase();
  const format = (Object.keys(ACTIVITY_CONTENT_TYPES) as ActivityFileFormat[]).find(
    (f) => ACTIVITY_CONTENT_TYPES[f] === mediaType,
  );
  if (format === undefined) {
    const problem = mediaType === '' ? 'the upload has no content type' : `content type "${mediaType}" is not supported`;
    throw new ActivityImportError(
      'unsupported_media_type',
      `${problem}; send the file as one of ${Object.values(ACTIVITY_CONTENT_TYPES).join(', ')}`,
    );
  }
  let charset: string | undefined;
  for (const parameter of parameters) {
    const [key, value] = parameter.split('=', 2).map((s) => s.trim());
    if (key?.toLowerCase() === 'charset' && value) charset = value.replace(/^"|"$/g, '').toLowerCase();
  }
  return charset === undefined ? { format } : { format, charset };
}
