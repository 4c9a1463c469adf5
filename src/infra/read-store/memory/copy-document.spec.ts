import { copyDocument } from './copy-document';

describe('copyDocument', () => {
  it('copies plain data deeply: the copy equals the original and shares nothing with it', () => {
    const original = { a: 'x', n: 1.5, yes: true, none: null, gone: undefined, list: [1, 'two', { three: [3] }], nested: { deep: { deeper: ['z'] } } };
    const copy = copyDocument(original);
    expect(copy).toEqual(original);
    expect(copy).toStrictEqual(structuredClone(original));
    expect(Object.keys(copy)).toEqual(Object.keys(original));
    expect(copy.list).not.toBe(original.list);
    expect(copy.list[2]).not.toBe(original.list[2]);
    expect(copy.nested.deep).not.toBe(original.nested.deep);
    copy.nested.deep.deeper.push('changed');
    expect(original.nested.deep.deeper).toEqual(['z']);
  });

  it('copies what is not plain data as structuredClone does', () => {
    const original = { when: new Date(0), map: new Map([['k', 1]]), bytes: new Uint8Array([1, 2]), big: 10n };
    const copy = copyDocument(original);
    expect(copy).toStrictEqual(structuredClone(original));
    expect(copy.when).not.toBe(original.when);
    expect(copy.map).not.toBe(original.map);
  });

  it('turns class instances into plain objects and keeps an own __proto__ key a plain property, as structuredClone does', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "p": 1}') as Record<string, unknown>;
    const copy = copyDocument({ point: new Point(1, 2), parsed });
    expect(copy.point).toStrictEqual(structuredClone(new Point(1, 2)));
    expect(Object.getPrototypeOf(copy.parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(copy.parsed, '__proto__')).toBe(true);
    expect(copy.parsed).toStrictEqual(structuredClone(parsed));
  });

  it('refuses what structuredClone refuses, and copies a cycle as it does', () => {
    expect(() => copyDocument({ f: () => 1 })).toThrow(/could not be cloned/);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const copy = copyDocument(cyclic);
    expect(copy.self).toBe(copy);
    expect(copy).not.toBe(cyclic);
  });
});
