import { parseFit } from './fit';
import { parseGpx } from './gpx';
import type { ParsedActivity } from './parsed-activity';
import { parseTcx } from './tcx';
import { checkActivityUpload } from './upload-checks';

/**
 * Reads an uploaded GPX, TCX or FIT file (chosen by `contentType`, never sniffed) into a
 * ParsedActivity. Pure: no I/O besides the given bytes. Rejects with ActivityImportError.
 * Async only because fit-file-parser's API is promise based. It runs on the calling thread:
 * the server reads uploads through ActivityParserPool (parser-pool/), which runs it in a worker.
 */
export async function parseActivityFile(body: Uint8Array, contentType: string): Promise<ParsedActivity> {
  const { format, charset } = checkActivityUpload(body, contentType);
  switch (format) {
    case 'gpx':
      return parseGpx(body, charset);
    case 'tcx':
      return parseTcx(body, charset);
    case 'fit':
      return parseFit(body);
  }
}
