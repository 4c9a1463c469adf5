import { SaxesParser } from 'saxes';
import { ActivityImportError } from './activity-import-error';
import { MAX_XML_DEPTH, MAX_XML_ELEMENTS } from './limits';
import { parseDecimal } from './xml';

/** An element of a parsed document: what the GPX and TCX readers need of it, and no more. */
export interface XmlElement {
  /** The element's name without its namespace prefix (`gpxtpx:hr` is `hr`). */
  readonly localName: string;
  /** Attribute values by name as written (`lat`, `StartTime`, `xmlns:gpxtpx`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements and text (character data and CDATA), in document order. */
  readonly childNodes: ReadonlyArray<XmlElement | string>;
}

/** An element while it is read: most have no attributes, and many no children, so those share one empty value. */
interface ElementBeingRead extends XmlElement {
  childNodes: ReadonlyArray<XmlElement | string>;
}
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHILDREN: ReadonlyArray<XmlElement | string> = Object.freeze([]);

function append(parent: ElementBeingRead, node: XmlElement | string): void {
  if (parent.childNodes === NO_CHILDREN) parent.childNodes = [node];
  // Every other array is one this reader made.
  else (parent.childNodes as Array<XmlElement | string>).push(node);
}

/**
 * Parses XML strictly into a tree of elements and text and returns its root element, or throws
 * `malformed_file` saying what is wrong and where: anything that is not well-formed XML 1.0 with
 * namespaces (unclosed or mismatched tags, a duplicated or unquoted attribute, a raw `<` or `&`
 * in text, an unbound prefix, an entity XML does not predefine, text outside the root), since a
 * lenient parse could silently corrupt a `lat`/`lon`.
 *
 * saxes reads the text in one pass and the tree keeps only elements, attributes and text: about
 * four times as quick as xmldom's DOM, and a fifth of its memory on a 23 MB GPX (docs/benchmarks.md).
 * Text between elements that is only whitespace (indentation) is left out. Nothing external is
 * ever fetched: saxes reads no DTD.
 */
export function parseStrictXml(
  text: string,
  format: 'GPX' | 'TCX',
  limits: { maxDepth: number; maxElements: number } = { maxDepth: MAX_XML_DEPTH, maxElements: MAX_XML_ELEMENTS },
): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const document: ElementBeingRead = { localName: '', attributes: NO_ATTRIBUTES, childNodes: NO_CHILDREN };
  const open: ElementBeingRead[] = [document];
  let elements = 0;
  parser.on('opentag', (tag) => {
    if (open.length > limits.maxDepth) throw new ActivityImportError('malformed_file', `${format} nests elements more than ${limits.maxDepth} deep ${positionOf(parser)}`);
    if (++elements > limits.maxElements) throw new ActivityImportError('too_large', `${format} holds more than ${limits.maxElements.toLocaleString('en')} elements ${positionOf(parser)}`);
    const names = Object.keys(tag.attributes);
    let attributes = NO_ATTRIBUTES;
    if (names.length > 0) {
      const values: Record<string, string> = {};
      for (const name of names) values[name] = tag.attributes[name].value;
      attributes = values;
    }
    const element: ElementBeingRead = { localName: tag.local, attributes, childNodes: NO_CHILDREN };
    append(open[open.length - 1], element);
    if (!tag.isSelfClosing) open.push(element);
  });
  // On a close tag that does not match, saxes first closes the element left open, then fails.
  let lastClosed = '';
  parser.on('closetag', (tag) => {
    lastClosed = tag.name;
    if (!tag.isSelfClosing) open.pop();
  });
  const addText = (value: string) => {
    if (open.length > 1 && !ONLY_WHITESPACE.test(value)) append(open[open.length - 1], value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (error) => {
    const what = error.message.endsWith('unexpected close tag.') ? `<${lastClosed}> is not closed` : saxesMessage(error);
    throw new ActivityImportError('malformed_file', `${format} is not well-formed XML: ${what} ${positionOf(parser)}`, { cause: error });
  });
  parser.write(text).close();
  // saxes refuses a document without a root element, and anything but comments and processing
  // instructions beside it, so the document holds exactly one element.
  const root = firstChildElement(document);
  if (root === undefined) throw new ActivityImportError('malformed_file', `${format} is not well-formed XML: it has no root element`);
  return root;
}

const ONLY_WHITESPACE = /^[ \t\r\n]*$/;

/** Where the parser is, as the error messages say it: "(line L, column C)", counting from 1. */
function positionOf(parser: SaxesParser): string {
  return `(line ${parser.line}, column ${parser.column + 1})`;
}

/** saxes writes "line:column: message."; the message alone (positionOf says where). */
function saxesMessage(error: Error): string {
  return /^\d+:\d+: ([\s\S]*?)\.?$/.exec(error.message)?.[1] ?? error.message;
}

/** Child elements, optionally only those with this local name (namespace prefixes ignored). */
export function* childElements(parent: XmlElement, localName?: string): Generator<XmlElement, undefined> {
  for (const node of parent.childNodes) {
    if (typeof node !== 'string' && (localName === undefined || node.localName === localName)) yield node;
  }
  return undefined;
}

export function firstChildElement(parent: XmlElement, localName?: string): XmlElement | undefined {
  for (const element of childElements(parent, localName)) return element;
  return undefined;
}

/** The text of an element and of everything below it, in document order. */
export function textContent(element: XmlElement): string {
  let text = '';
  for (const node of nodesBelow(element)) if (typeof node === 'string') text += node;
  return text;
}

/** Trimmed text of the first child element with this local name; undefined when absent or blank. */
export function childText(parent: XmlElement, localName: string): string | undefined {
  const element = firstChildElement(parent, localName);
  const text = element === undefined ? undefined : textContent(element).trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Depth-first search below `root`, in document order, for the first element whose local name is in `localNames`. */
export function findDescendant(root: XmlElement, localNames: ReadonlySet<string>): XmlElement | undefined {
  for (const element of descendants(root)) if (localNames.has(element.localName)) return element;
  return undefined;
}

/** The number in the first element below `root` whose local name is in `localNames` (extension values such as Garmin's `hr`). */
export function descendantDecimal(root: XmlElement, localNames: ReadonlySet<string>): number | undefined {
  const found = findDescendant(root, localNames);
  return found === undefined ? undefined : parseDecimal(textContent(found));
}

/** Every element below `root`, in document order. */
export function* descendants(root: XmlElement): Generator<XmlElement, undefined> {
  for (const node of nodesBelow(root)) if (typeof node !== 'string') yield node;
  return undefined;
}

/** Every element and text below `root`, in document order, without recursion. */
function* nodesBelow(root: XmlElement): Generator<XmlElement | string, undefined> {
  const pending: Array<{ nodes: ReadonlyArray<XmlElement | string>; next: number }> = [{ nodes: root.childNodes, next: 0 }];
  while (pending.length > 0) {
    const top = pending[pending.length - 1];
    if (top.next === top.nodes.length) {
      pending.pop();
      continue;
    }
    const node = top.nodes[top.next++];
    yield node;
    if (typeof node !== 'string' && node.childNodes.length > 0) pending.push({ nodes: node.childNodes, next: 0 });
  }
  return undefined;
}
