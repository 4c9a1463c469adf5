export * from './decider';
export * from './command-context';
export * from './command-processor';
export * from './envelope';
