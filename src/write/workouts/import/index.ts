import { ActivityImportError } from './activity-import-error';
import { parseActivityContentType } from './content-types';
import { parseFit } from './fit';
import { parseGpx } from './gpx';
import { MAX_IMPORT_BYTES } from './limits';
import type { ParsedActivity } from './parsed-activity';
import { parseTcx } from './tcx';

export * from './activity-import-error';
export * from './content-types';
export * from './limits';
export * from './parsed-activity';

/**
 * Reads an uploaded GPX, TCX or FIT file (chosen by `contentType`, never sniffed) into a
 * ParsedActivity. Pure: no I/O besides the given bytes. Rejects with ActivityImportError.
 * Async only because fit-file-parser's API is promise based.
 */
export async function parseActivityFile(body: Buffer, contentType: string): Promise<ParsedActivity> {
  const { format, charset } = parseActivityContentType(contentType);
  if (body.length > MAX_IMPORT_BYTES) {
    throw new ActivityImportError(
      'too_large',
      `the file is ${mebibytes(body.length)} MiB; the largest accepted file is ${mebibytes(MAX_IMPORT_BYTES)} MiB`,
    );
  }
  if (body.length === 0) throw new ActivityImportError('malformed_file', 'the file is empty (0 bytes)');
  switch (format) {
    case 'gpx':
      return parseGpx(body, charset);
    case 'tcx':
      return parseTcx(body, charset);
    case 'fit':
      return parseFit(body);
  }
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
