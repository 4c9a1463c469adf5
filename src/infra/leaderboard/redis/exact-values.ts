/**
 * The hash value of a standing: the exact score and time as set, `"<score> <achievedAt>"`, each
 * as JavaScript's shortest round-trip decimal (what `String(n)` gives). Written for every
 * update, so the usual values take a cheaper path than `String(n)` to the same text: a score of
 * at most 3 decimals is whole units plus a looked-up fraction, and a time is two small integers.
 */
export function exactValuesText(score: number, achievedAt: number): string {
  return `${decimalText(score)} ${integerText(achievedAt)}`;
}

/** The score and time back from `exactValuesText`, or undefined when the text is not one. */
export function parseExactValues(text: string): { score: number; achievedAt: number } | undefined {
  const space = text.indexOf(' ');
  if (space < 0) return undefined;
  const score = Number(text.slice(0, space));
  const achievedAt = Number(text.slice(space + 1));
  return Number.isFinite(score) && Number.isSafeInteger(achievedAt) ? { score, achievedAt } : undefined;
}

const SCALE = 1000;
/** ".001" .. ".999" without trailing zeros, and "" for none. */
const FRACTIONS = Array.from({ length: SCALE }, (_, i) => (i === 0 ? '' : `.${String(i).padStart(3, '0')}`.replace(/0+$/, '')));

/**
 * `String(value)` for a finite value within the boards' score range. When the value is exactly
 * the double nearest to units / 1000 (at most 3 decimals), its shortest round-trip decimal is
 * those units written out: no other decimal of as few digits lies as close, as doubles here are
 * far denser than 0.001.
 */
export function decimalText(value: number): string {
  const units = Math.round(value * SCALE);
  if (units / SCALE !== value || !Number.isSafeInteger(units)) return String(value);
  const magnitude = units < 0 ? -units : units;
  const whole = Math.floor(magnitude / SCALE);
  return `${units < 0 ? '-' : ''}${whole}${FRACTIONS[magnitude - whole * SCALE]}`;
}

const MILLION = 1_000_000;

/** `String(value)` for a non-negative safe integer, in two pieces small enough to format fast. */
export function integerText(value: number): string {
  if (!(value >= 0 && Number.isSafeInteger(value))) return String(value);
  const high = Math.floor(value / MILLION);
  const low = value - high * MILLION;
  if (high === 0) return String(low);
  return `${high}${low < 100_000 ? String(low + MILLION).slice(1) : String(low)}`;
}
