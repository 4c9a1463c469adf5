export * from './types';
export * from './keys';
