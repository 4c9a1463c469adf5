import { ActivityImportError } from './activity-import-error';
import { parseActivityContentType, type ParsedContentType } from './content-types';
import { MAX_IMPORT_BYTES } from './limits';

/**
 * The refusals that need no parsing: a content type that is not an activity format, an empty
 * body, a body over the byte limit. Cheap, so they are made before a file is queued for a parser.
 */
export function checkActivityUpload(body: Uint8Array, contentType: string): ParsedContentType {
  const parsed = parseActivityContentType(contentType);
  if (body.length > MAX_IMPORT_BYTES) {
    throw new ActivityImportError(
      'too_large',
      `the file is ${mebibytes(body.length)} MiB; the largest accepted file is ${mebibytes(MAX_IMPORT_BYTES)} MiB`,
    );
  }
  if (body.length === 0) throw new ActivityImportError('malformed_file', 'the file is empty (0 bytes)');
  return parsed;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
