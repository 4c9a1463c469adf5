import type { Upcaster } from '../core/event-schemas';

/**
 * Every upcaster of every context. Each lifts one event type by one version; the schema
 * registry chains them. None yet: every event type is still at its first version.
 */
export const UPCASTERS: readonly Upcaster[] = [];
