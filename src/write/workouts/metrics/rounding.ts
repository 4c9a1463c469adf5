/** Output rounding (docs/metrics.md, "Rounding"). `+ 0` turns -0 into 0. */
const roundTo = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale + 0;
};

/** Distances and elevations: 0.1 m. */
export const roundMetres = (value: number): number => roundTo(value, 1);
/** Times: 1 s. */
export const roundSeconds = (value: number): number => Math.round(value) + 0;
/** Speeds: 0.001 m/s. */
export const roundSpeed = (value: number): number => roundTo(value, 3);
/** Heart rates: 0.1 bpm. */
export const roundBpm = (value: number): number => roundTo(value, 1);
