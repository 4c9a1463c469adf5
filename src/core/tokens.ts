/** Nest injection tokens of the ports. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_STORE = Symbol('ReadStore');
export const SETTINGS = Symbol('Settings');
