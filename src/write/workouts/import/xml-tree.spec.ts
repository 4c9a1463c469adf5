import { ActivityImportError } from './activity-import-error';
import { childElements, childText, descendantDecimal, descendants, parseStrictXml, textContent } from './xml-tree';

describe('parseStrictXml', () => {
  const document = `<?xml version="1.0"?>
<!-- a comment -->
<a:root xmlns:a="urn:a" xmlns="urn:default" note="x &amp; y">
  <first>one <![CDATA[<two>]]> &lt;three&gt;</first>
  <a:second n="2"><deep><hr> 142 </hr></deep></a:second>
  <first>again</first>
  <empty/>
</a:root>`;

  it('gives the root element, with names stripped of their namespace prefix', () => {
    const root = parseStrictXml(document, 'GPX');
    expect(root.localName).toBe('root');
    expect([...childElements(root)].map((element) => element.localName)).toEqual(['first', 'second', 'first', 'empty']);
  });

  it('keeps attributes by the name they were written with, entities resolved', () => {
    const root = parseStrictXml(document, 'GPX');
    expect(root.attributes.note).toBe('x & y');
    expect(root.attributes['xmlns:a']).toBe('urn:a');
    expect([...childElements(root, 'second')][0].attributes.n).toBe('2');
  });

  it('reads text with its entities and CDATA, and leaves out whitespace-only text between elements', () => {
    const root = parseStrictXml(document, 'GPX');
    expect(childText(root, 'first')).toBe('one <two> <three>');
    expect(root.childNodes.every((node) => typeof node !== 'string')).toBe(true);
    expect(textContent([...childElements(root, 'second')][0])).toBe(' 142 ');
  });

  it('walks descendants in document order, and reads a number anywhere below an element', () => {
    const root = parseStrictXml(document, 'GPX');
    expect([...descendants(root)].map((element) => element.localName)).toEqual(['first', 'second', 'deep', 'hr', 'first', 'empty']);
    expect(descendantDecimal(root, new Set(['hr']))).toBe(142);
    expect(descendantDecimal(root, new Set(['cad']))).toBeUndefined();
  });

  it('refuses a file of more elements than the limit as too_large, as it reads it', () => {
    const withElements = (count: number) => `<gpx>${'<a/>'.repeat(count - 1)}</gpx>`;
    expect(parseStrictXml(withElements(1_000), 'GPX', { maxDepth: 64, maxElements: 1_000 }).childNodes).toHaveLength(999);
    expect(() => parseStrictXml(withElements(1_001), 'GPX', { maxDepth: 64, maxElements: 1_000 })).toThrow(
      expect.objectContaining({ code: 'too_large', message: 'GPX holds more than 1,000 elements (line 1, column 4006)' }),
    );
  });

  it('shares nothing between elements that a later element could change', () => {
    const root = parseStrictXml('<r><a/><b x="1"/><c>t</c><d/></r>', 'TCX');
    const [a, b, c, d] = [...childElements(root)];
    expect([a.attributes, b.attributes, c.attributes, d.attributes]).toEqual([{}, { x: '1' }, {}, {}]);
    expect([a.childNodes, c.childNodes, d.childNodes]).toEqual([[], ['t'], []]);
  });

  it('refuses what is not well-formed as malformed_file, saying where', () => {
    const error = (() => {
      try {
        parseStrictXml('<root>\n  <a></b>\n</root>', 'TCX');
      } catch (caught) {
        return caught;
      }
      throw new Error('expected parseStrictXml to throw');
    })();
    expect(error).toBeInstanceOf(ActivityImportError);
    expect(error).toMatchObject({ code: 'malformed_file', message: 'TCX is not well-formed XML: <a> is not closed (line 2, column 10)' });
  });
});
