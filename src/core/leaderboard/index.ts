export * from './types';
export * from './ordering';

/** Nest injection token of the Leaderboards port. */
export const LEADERBOARDS = Symbol('Leaderboards');
