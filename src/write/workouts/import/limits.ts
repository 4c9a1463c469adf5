/** Largest accepted upload: 25 MiB. A bigger body is refused with `too_large` before any parsing. */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

/**
 * Deepest nesting of elements a GPX or TCX file may have. Theirs is about ten (a TCX cadence sits
 * nine elements down); a file nested deeper is refused as it is read, so nothing walks a
 * pathological tree (a 1 MB file can nest 150,000 elements).
 */
export const MAX_XML_DEPTH = 64;

/**
 * Most elements a GPX or TCX file may hold: 200,000 TCX trackpoints, the most an import takes, are
 * about 3 million. Each costs memory as it is read, so a file of millions of empty elements is
 * refused (too_large) as soon as it passes this, rather than filling a parser thread's heap.
 */
export const MAX_XML_ELEMENTS = 4_000_000;

/** Most track points (after dropping points without a usable position/time) one import may hold. */
export const MAX_IMPORT_POINTS = 200_000;
