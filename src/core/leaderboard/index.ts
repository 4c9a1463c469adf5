export * from './types';
export * from './ordering';
export * from './entry';

/** Nest injection token of the Leaderboards port. */
export const LEADERBOARDS = Symbol('Leaderboards');
