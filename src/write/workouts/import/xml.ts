import { TextDecoder } from 'node:util';
import { ActivityImportError } from './activity-import-error';

/**
 * Turns the uploaded bytes into text. A byte-order mark wins, then the `charset` of the
 * Content-Type, then the `encoding` of the XML declaration, then UTF-8.
 */
export function decodeXmlText(body: Uint8Array, format: 'GPX' | 'TCX', charset?: string): string {
  const label = byteOrderMarkEncoding(body) ?? charset ?? declaredEncoding(body) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch (cause) {
    throw new ActivityImportError('malformed_file', `${format} uses an unsupported character encoding "${label}"`, { cause });
  }
  return decoder.decode(body); // drops a byte-order mark that matches the encoding
}

function byteOrderMarkEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return undefined;
}

function declaredEncoding(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 256)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  const label = match?.[1]?.toLowerCase();
  // A declaration we could read as ASCII cannot be UTF-16 without a byte-order mark.
  return label === undefined || label.startsWith('utf-16') ? undefined : label;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number as XML Schema writes it; `undefined` for blanks, "undefined", "NaN", hex... */
export function parseDecimal(text: string | null | undefined): number | undefined {
  const trimmed = text?.trim();
  if (trimmed === undefined || !DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch ms of an XML Schema dateTime; `undefined` when blank or not that format. A time
 * without a zone is taken as UTC (GPX and TCX define their times as UTC), never as the
 * server's local time, so the result does not depend on where the parser runs.
 */
export function parseDateTime(text: string | undefined): number | undefined {
  const match = text === undefined ? null : DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, date, time, zone] = match;
  const t = Date.parse(`${date}T${time}${zone === undefined ? 'Z' : zone.toUpperCase()}`);
  return Number.isFinite(t) ? t : undefined;
}
