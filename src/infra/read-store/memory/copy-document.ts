/**
 * Deep copies of read-model documents, as `structuredClone` makes them, several times faster for
 * what documents hold (plain objects, arrays, strings, numbers, booleans, null): structuredClone
 * serialises and deserialises, about 7 µs for a feed item, where walking it takes well under 1 µs.
 *
 * Anything else (a Date, a Map, a typed array, a class instance, a boxed primitive) is copied by
 * structuredClone itself, and a function or symbol fails as it does there (DataCloneError). Two
 * differences remain, neither of which a document the MongoDB store could hold has: a value
 * reached twice is copied twice (structuredClone keeps the sharing), and a hole in an array
 * becomes `undefined`. A cycle, or nesting deeper than {@link MAX_DEPTH}, falls back to
 * structuredClone for the whole document.
 */
export function copyDocument<T>(document: T): T {
  try {
    return copyValue(document, 0) as T;
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
    return structuredClone(document);
  }
}

const MAX_DEPTH = 100;
const TOO_DEEP = Symbol('too deep');

function copyValue(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    // A function or symbol: let structuredClone throw its DataCloneError.
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  }
  if (depth > MAX_DEPTH) throw TOO_DEEP;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value);
    const copy = new Array<unknown>(value.length);
    for (let at = 0; at < value.length; at++) copy[at] = copyValue(value[at], depth + 1);
    return copy;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // The prototype is Object.prototype or null: for-in sees the own enumerable string keys.
  for (const key in source) {
    const copied = copyValue(source[key], depth + 1);
    // An own "__proto__" (JSON.parse makes those) stays a plain property, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else copy[key] = copied;
  }
  return copy;
}

/**
 * A stored document handed out for reading only: frozen, with everything it holds, the first time
 * (later calls find it frozen and return at once). The store never changes a stored document (it
 * replaces it), so freezing one only stops a reader that breaks its promise.
 */
export function frozenDocument<T>(document: T): T {
  if (typeof document !== 'object' || document === null || Object.isFrozen(document)) return document;
  Object.freeze(document); // first, so that a cycle ends here
  for (const value of Object.values(document)) frozenDocument(value);
  return document;
}
