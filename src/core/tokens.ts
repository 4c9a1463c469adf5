/** Nest injection tokens of the ports. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_STORE = Symbol('ReadStore');
export const SETTINGS = Symbol('Settings');
export const LEASES = Symbol('LeaseManager');
export const JOB_QUEUE = Symbol('JobQueue');
export const COMMERCE = Symbol('Commerce');
/** Where AppendTelemetry can be decided off the event loop (the embedded store's writer thread), or null. */
export const TELEMETRY_ON_WRITER = Symbol('TelemetryOnWriter');
/** The embedded event store's commit durations so far (`() => CommitDurationSnapshot`), or null. */
export const STORE_COMMIT_DURATIONS = Symbol('StoreCommitDurations');
