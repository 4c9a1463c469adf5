/**
 * Counts what the embedded event store (SqliteEventStore, src/infra/event-store/sqlite/) does for
 * the subscriptions of a running app, without changing what it does: group commits (each wakes
 * every live subscription) and the pages of `$all` read with an event-type filter (what each
 * subscription, projection runner or hub, reads when woken), with the rows they returned and the
 * time they took. Diagnostics for in-process benchmarks: it wraps `readPage` on the instance and
 * listens to the store's private "appended" signal.
 */
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../src/core/event-store';
import { SchemaCheckedEventStore } from '../../src/core/event-schemas';
import { SqliteEventStore } from '../../src/infra/event-store/sqlite/sqlite-event-store';

export interface StoreProbeCounts {
  /** Group commits (appends that committed; each emits "appended"). */
  groupCommits: number;
  /** readPage calls with an event-type filter (subscriptions, and waitFor's look-ahead). */
  filteredPages: number;
  /** Of which returned no row (a subscription woken for nothing of its types). */
  emptyFilteredPages: number;
  filteredRows: number;
  filteredPageMs: number;
  /** readPage calls without a filter (readAll of everything, e.g. a benchmark's own polling). */
  unfilteredPages: number;
  unfilteredPageMs: number;
}

export class SqliteStoreProbe {
  private counts = SqliteStoreProbe.zero();

  private constructor(readonly store: SqliteEventStore) {
    const original = store.readPage.bind(store);
    store.readPage = (cursor, limit, filter, backwards) => {
      const started = performance.now();
      const rows = original(cursor, limit, filter, backwards);
      const ms = performance.now() - started;
      if (filter && (filter.eventTypes || filter.streamPrefixes)) {
        this.counts.filteredPages++;
        if (rows.length === 0) this.counts.emptyFilteredPages++;
        this.counts.filteredRows += rows.length;
        this.counts.filteredPageMs += ms;
      } else {
        this.counts.unfilteredPages++;
        this.counts.unfilteredPageMs += ms;
      }
      return rows;
    };
    (store as unknown as { appended: EventEmitter }).appended.on('appended', () => this.counts.groupCommits++);
  }

  /** Attaches to the SQLite store under `eventStore` (unwrapping SchemaCheckedEventStore); undefined for another adapter. */
  static attach(eventStore: EventStore): SqliteStoreProbe | undefined {
    const inner = eventStore instanceof SchemaCheckedEventStore ? eventStore.inner : eventStore;
    return inner instanceof SqliteEventStore ? new SqliteStoreProbe(inner) : undefined;
  }

  private static zero(): StoreProbeCounts {
    return { groupCommits: 0, filteredPages: 0, emptyFilteredPages: 0, filteredRows: 0, filteredPageMs: 0, unfilteredPages: 0, unfilteredPageMs: 0 };
  }

  /** The counts since the last take(). */
  take(): StoreProbeCounts {
    const counts = this.counts;
    this.counts = SqliteStoreProbe.zero();
    return { ...counts, filteredPageMs: Math.round(counts.filteredPageMs), unfilteredPageMs: Math.round(counts.unfilteredPageMs) };
  }
}
