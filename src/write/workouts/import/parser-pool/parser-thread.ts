import { Worker } from 'node:worker_threads';
import type { WorkerScript } from '../../../../infra/threads/worker-script';
import type { ParsedActivity } from '../parsed-activity';
import { unpackActivity } from './packed-activity';
import { errorFromReply, type ParseReply, type ParseRequest } from './parser-messages';
import { ActivityParserCrashedError, ActivityParseTimeoutError } from './parser-pool-errors';

/** A file waiting for, or being read by, a parser thread. */
export interface FileToParse {
  body: Uint8Array;
  contentType: string;
  /** Move the body's memory to the thread instead of copying it (the caller's Buffer is emptied). */
  transfer: boolean;
  resolve(activity: ParsedActivity): void;
  reject(error: Error): void;
}

export interface ParserThreadEvents {
  /** The thread has answered and can take the next file. */
  free(thread: ParserThread): void;
  /** The thread has exited (stopped, retired, timed out or crashed) and must not be used again. */
  gone(thread: ParserThread): void;
}

export interface ParserThreadLimits {
  timeoutMs: number;
  /**
   * A thread that has read a file larger than this is ended once it has answered: V8 keeps an
   * idle thread's heap (about 300 MB after a 23 MB GPX) for minutes, and ending the thread returns it.
   */
  retireAfterFileBytes: number;
}

interface Reading {
  file: FileToParse;
  bytes: number;
  deadline: NodeJS.Timeout;
}

/**
 * One worker thread that reads one file at a time, within a time limit: past it, the file is
 * refused and the thread is terminated (a synchronous parse cannot be interrupted otherwise).
 * While it reads, the thread keeps the process alive; while idle, it does not.
 */
export class ParserThread {
  private readonly worker: Worker;
  private reading: Reading | undefined;
  private exited = false;

  constructor(
    script: WorkerScript,
    private readonly limits: ParserThreadLimits,
    private readonly events: ParserThreadEvents,
  ) {
    this.worker = new Worker(script.filename, { execArgv: script.execArgv });
    this.worker.unref();
    this.worker.on('message', (reply: ParseReply) => this.answered(reply));
    this.worker.on('messageerror', (error) => void this.stop(new ActivityParserCrashedError('its answer could not be read', { cause: error })));
    this.worker.on('error', (error) => void this.stop(new ActivityParserCrashedError(error.message, { cause: error })));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.take()?.file.reject(new ActivityParserCrashedError(`it exited with code ${code}`));
      this.events.gone(this);
    });
  }

  get busy(): boolean {
    return this.reading !== undefined;
  }

  read(file: FileToParse): void {
    if (this.reading !== undefined || this.exited) throw new Error('a parser thread reads one file at a time');
    const bytes = file.transfer && ownsItsMemory(file.body) ? file.body : new Uint8Array(file.body);
    const deadline = setTimeout(() => void this.stop(new ActivityParseTimeoutError(this.limits.timeoutMs)), this.limits.timeoutMs);
    this.reading = { file, bytes: bytes.length, deadline };
    this.worker.ref();
    const request: ParseRequest = { bytes, contentType: file.contentType };
    try {
      this.worker.postMessage(request, [bytes.buffer]);
    } catch (error) {
      this.take()?.file.reject(error instanceof Error ? error : new Error(String(error)));
      this.events.free(this);
    }
  }

  /** Terminates the thread; a file it is reading is refused with `reason`. */
  async stop(reason: Error): Promise<void> {
    this.take()?.file.reject(reason);
    if (!this.exited) await this.worker.terminate();
  }

  private answered(reply: ParseReply): void {
    const reading = this.take();
    if (reading === undefined) return; // answered just after its time ran out
    if (reply.outcome === 'parsed') reading.file.resolve(unpackActivity(reply.activity));
    else reading.file.reject(errorFromReply(reply));
    if (reading.bytes > this.limits.retireAfterFileBytes) void this.worker.terminate();
    else this.events.free(this);
  }

  private take(): Reading | undefined {
    const reading = this.reading;
    if (reading === undefined) return undefined;
    clearTimeout(reading.deadline);
    this.reading = undefined;
    this.worker.unref();
    return reading;
  }
}

/** A Buffer that is not a slice of a larger (pooled, shared) ArrayBuffer can be moved as it is. */
function ownsItsMemory(body: Uint8Array): body is Uint8Array<ArrayBuffer> {
  return body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
}
