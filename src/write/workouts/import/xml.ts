import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
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

/**
 * Parses XML strictly. xmldom by default only throws on fatal errors and prints the rest to
 * the console; here every `fatalError` and `error` rejects the file, and so does every
 * `warning` except "Unicode replacement character" (an encoding hint, not broken structure):
 * xmldom's warnings are badly quoted or valueless attributes, which are not well-formed XML
 * and could silently corrupt a `lat`/`lon`.
 */
export function parseStrictXml(text: string, format: 'GPX' | 'TCX'): Document {
  let problem: string | undefined;
  const parser = new DOMParser({
    locator: true,
    onError: (level, message, context: unknown) => {
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
      problem = `${message}${describeLocation(context)}`;
      throw new Error(problem);
    },
  });
  try {
    return parser.parseFromString(text, 'text/xml');
  } catch (cause) {
    const detail = problem ?? (cause instanceof Error ? cause.message : String(cause));
    throw new ActivityImportError('malformed_file', `${format} is not well-formed XML: ${detail}`, { cause });
  }
}

function describeLocation(context: unknown): string {
  if (typeof context !== 'object' || context === null || !('locator' in context)) return '';
  const locator: unknown = context.locator;
  if (typeof locator !== 'object' || locator === null) return '';
  const line = 'lineNumber' in locator ? locator.lineNumber : undefined;
  const column = 'columnNumber' in locator ? locator.columnNumber : undefined;
  return typeof line === 'number' && typeof column === 'number' ? ` (line ${line}, column ${column})` : '';
}

const ELEMENT_NODE = 1;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** Child elements, optionally only those with this local name (namespace prefixes ignored). */
export function* childElements(parent: Node, localName?: string): Generator<Element> {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (isElement(node) && (localName === undefined || node.localName === localName)) yield node;
  }
}

export function firstChildElement(parent: Node, localName: string): Element | undefined {
  for (const element of childElements(parent, localName)) return element;
  return undefined;
}

/** Trimmed text of the first child element with this local name; undefined when absent or blank. */
export function childText(parent: Node, localName: string): string | undefined {
  const text = firstChildElement(parent, localName)?.textContent?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Depth-first search below `root` for the first element whose local name is in `localNames`. */
export function findDescendant(root: Node, localNames: ReadonlySet<string>): Element | undefined {
  for (const child of childElements(root)) {
    if (child.localName !== null && localNames.has(child.localName)) return child;
    const found = findDescendant(child, localNames);
    if (found !== undefined) return found;
  }
  return undefined;
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
