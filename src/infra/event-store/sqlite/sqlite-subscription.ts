import type { EventEmitter } from 'node:events';
import type { AllSubscription, EventFilter, RecordedEvent, SubscribeToAllOptions } from '../../../core/event-store';
import { EventRow, toRecordedEvent } from './sqlite-rows';

export interface PageSource {
  readonly isClosed: boolean;
  readPage(cursor: number, limit: number, filter: EventFilter | undefined): EventRow[];
  headPosition(): Promise<bigint>;
}

/**
 * Catch-up subscription over the SQLite log: pages through history, then waits for the
 * in-process "appended" signal, polling as well so that writes from another process are seen.
 * A commit signals the event types it wrote, so a subscription filtered to other types is not
 * woken for it (a telemetry stream must not make every projection query the log).
 */
export class SqliteAllSubscription implements AllSubscription {
  private stopped = false;
  private wake: (() => void) | undefined;
  /** A wanted commit arrived while this subscription was busy yielding: read again at once. */
  private signalled = false;
  private readonly onAppended = (types?: ReadonlySet<string>) => {
    if (types && !this.wants(types)) return;
    this.signalled = true;
    this.wake?.();
  };
  private readonly onClosed = () => this.wake?.();

  constructor(
    private readonly source: PageSource,
    private readonly signals: EventEmitter,
    private readonly options: SubscribeToAllOptions,
    private readonly pageSize: number,
    private readonly pollIntervalMs: number,
  ) {}

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.signals.on('appended', this.onAppended);
    this.signals.on('closed', this.onClosed);
    try {
      let cursor = this.options.after !== undefined ? Number(this.options.after) : -1;
      let caughtUp = false;
      while (!this.stopped) {
        if (this.source.isClosed) throw new Error('event store closed under a live subscription');
        this.signalled = false;
        const rows = this.source.readPage(cursor, this.pageSize, this.options.filter);
        for (const row of rows) {
          if (this.stopped) return;
          yield toRecordedEvent(row);
          cursor = row.position;
        }
        if (rows.length === this.pageSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        await this.nextSignal();
      }
    } finally {
      this.signals.off('appended', this.onAppended);
      this.signals.off('closed', this.onClosed);
    }
  }

  private wants(types: ReadonlySet<string>): boolean {
    const wanted = this.options.filter?.eventTypes;
    if (!wanted) return true;
    for (const type of wanted) if (types.has(type)) return true;
    return false;
  }

  private nextSignal(): Promise<void> {
    if (this.signalled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}
