export * from './types';
export * from './errors';
export * from './collect';
export * from './expectation';
