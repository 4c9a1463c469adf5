/** Largest accepted upload: 25 MiB. A bigger body is refused with `too_large` before any parsing. */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

/** Most track points (after dropping points without a usable position/time) one import may hold. */
export const MAX_IMPORT_POINTS = 200_000;
