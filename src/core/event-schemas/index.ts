export * from './schema-registry';
export * from './schema-checked-event-store';
export * from './upcaster';
