import type { OnApplicationShutdown } from '@nestjs/common';
import type { Settings } from '../../../../config/settings';
import { workerScript, type WorkerScript } from '../../../../infra/threads/worker-script';
import type { ParsedActivity } from '../parsed-activity';
import { checkActivityUpload } from '../upload-checks';
import { ImportQueueFullError, ParserPoolClosedError } from './parser-pool-errors';
import { ParserThread, type FileToParse, type ParserThreadLimits } from './parser-thread';

export interface ActivityParserPoolOptions {
  /** Parser threads at most; they are started when files arrive and then kept. */
  threads: number;
  /** Files that may wait for a thread; one more is refused with ImportQueueFullError. */
  queueLimit: number;
  /** Longest a thread may read one file (from when it gets the file) before it is terminated. */
  timeoutMs: number;
  /** See ParserThreadLimits; 4 MiB unless given. */
  retireAfterFileBytes?: number;
  /** The thread's entry (see workerScript()); parser-worker unless given. */
  script?: WorkerScript;
}

const RETIRE_AFTER_FILE_BYTES = 4 * 1024 * 1024;

export interface ParseOptions {
  /**
   * Move the body's memory to the parser thread rather than copy it, when the Buffer owns its
   * memory alone (large uploads do): the caller's Buffer is then left empty (detached).
   */
  transfer?: boolean;
}

/**
 * Reads activity files (parseActivityFile) in a few worker threads, so that a large GPX, which
 * takes seconds, does not stop the event loop and with it every other request. Files beyond
 * the free threads wait in a bounded line, first come first served. Same results and same
 * ActivityImportErrors as parseActivityFile; besides those it rejects with ImportQueueFullError,
 * ActivityParseTimeoutError, ParserPoolClosedError and ActivityParserCrashedError.
 */
export class ActivityParserPool implements OnApplicationShutdown {
  private readonly threads = new Set<ParserThread>();
  private readonly idle: ParserThread[] = [];
  private readonly waiting: FileToParse[] = [];
  private readonly script: WorkerScript;
  private readonly limits: ParserThreadLimits;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ActivityParserPoolOptions) {
    if (!(options.threads >= 1) || !(options.queueLimit >= 0) || !(options.timeoutMs > 0)) {
      throw new Error(`invalid parser pool options ${JSON.stringify(options)}`);
    }
    this.script = options.script ?? workerScript(__dirname, 'parser-worker', __filename);
    this.limits = { timeoutMs: options.timeoutMs, retireAfterFileBytes: options.retireAfterFileBytes ?? RETIRE_AFTER_FILE_BYTES };
  }

  static fromSettings(settings: Pick<Settings, 'importParserThreads' | 'importQueueLimit' | 'importParseTimeoutMs'>): ActivityParserPool {
    return new ActivityParserPool({
      threads: settings.importParserThreads,
      queueLimit: settings.importQueueLimit,
      timeoutMs: settings.importParseTimeoutMs,
    });
  }

  async parse(body: Uint8Array, contentType: string, { transfer = false }: ParseOptions = {}): Promise<ParsedActivity> {
    checkActivityUpload(body, contentType); // cheap refusals need no thread and no place in the line
    if (this.closing !== undefined) throw new ParserPoolClosedError();
    return new Promise<ParsedActivity>((resolve, reject) => {
      const file: FileToParse = { body, contentType, transfer, resolve, reject };
      const thread = this.freeThread();
      if (thread !== undefined) thread.read(file);
      else if (this.waiting.length < this.options.queueLimit) this.waiting.push(file);
      else reject(new ImportQueueFullError(this.stats().busy + this.waiting.length));
    });
  }

  /** Threads running now, how many of them are reading, and files waiting: for tests and metrics. */
  stats(): { threads: number; busy: number; waiting: number } {
    const busy = [...this.threads].filter((thread) => thread.busy).length;
    return { threads: this.threads.size, busy, waiting: this.waiting.length };
  }

  /** Refuses waiting files, stops the threads (refusing the files they read) and waits until they have exited. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const file of this.waiting.splice(0)) file.reject(new ParserPoolClosedError());
      this.idle.length = 0;
      await Promise.all([...this.threads].map((thread) => thread.stop(new ParserPoolClosedError())));
    })();
    return this.closing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private freeThread(): ParserThread | undefined {
    const idle = this.idle.pop();
    if (idle !== undefined || this.threads.size >= this.options.threads) return idle;
    const thread = new ParserThread(this.script, this.limits, {
      free: (t) => this.threadFree(t),
      gone: (t) => this.threadGone(t),
    });
    this.threads.add(thread);
    return thread;
  }

  private threadFree(thread: ParserThread): void {
    if (this.closing !== undefined) return;
    const next = this.waiting.shift();
    if (next === undefined) this.idle.push(thread);
    else thread.read(next);
  }

  /** A thread that ended (retired, timed out, crashed) is replaced at once when files are waiting, else when the next one comes. */
  private threadGone(thread: ParserThread): void {
    this.threads.delete(thread);
    const idleAt = this.idle.indexOf(thread);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    if (this.closing !== undefined) return;
    for (let next = this.waiting[0]; next !== undefined; next = this.waiting[0]) {
      const replacement = this.freeThread();
      if (replacement === undefined) return;
      this.waiting.shift();
      replacement.read(next);
    }
  }
}
