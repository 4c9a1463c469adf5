import { Worker } from 'node:worker_threads';
import type { ExpectedRevision, StreamMetadata } from '../../../core/event-store';
import { ReplySlots } from '../../threads/reply-slots';
import { workerScript } from '../../threads/worker-script';
import type { SqliteSynchronous } from './sqlite-schema';
import type { WriterThreadData } from './sqlite-writer-thread';
import { AppendOutcome, AppendRequest, deserializeError, WriterReply, WriterRequest } from './sqlite-writer-messages';
import type { StoreWriter } from './store-writer';
import type { TelemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';
import { packAppends, unpackOutcomes } from './append-codec';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = WithoutId<WriterRequest>;

interface Waiting {
  resolve: (reply: WriterReply) => void;
  reject: (error: Error) => void;
}

const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The embedded store's writes on a thread of their own, so that a commit's fsync (and SQLite's
 * checkpoints) never block the event loop that serves requests. The thread is started by ready() or
 * the first write, and again after a crash; it keeps the process alive only while a write is in flight.
 */
export class WriterThread implements StoreWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new ReplySlots<Waiting>();

  constructor(private readonly data: WriterThreadData) {}

  async append(appends: AppendRequest[]): Promise<AppendOutcome[]> {
    const reply = await this.send({ kind: 'append', appends: packAppends(appends) });
    if (reply.kind !== 'appended') throw new Error(`the writer thread answered an append with ${reply.kind}`);
    return unpackOutcomes(reply.outcomes);
  }

  async telemetry(wires: TelemetryOnWire[]): Promise<TelemetryOutcome[]> {
    const reply = await this.send({ kind: 'telemetry', wires });
    if (reply.kind !== 'telemetry') throw new Error(`the writer thread answered telemetry with ${reply.kind}`);
    return reply.outcomes;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.send({ kind: 'set_metadata', streamId, metadata });
  }

  async deleteStream(streamId: string, expected: ExpectedRevision): Promise<void> {
    await this.send({ kind: 'delete', streamId, expected });
  }

  async ready(): Promise<void> {
    await this.send({ kind: 'ready' });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.send({ kind: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private send(body: RequestBody): Promise<WriterReply> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<WriterReply>((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.add(id, {
        resolve: (reply) => (reply.kind === 'failed' ? reject(deserializeError(reply.error)) : resolve(reply)),
        reject,
      });
      worker.postMessage({ ...body, id } as WriterRequest);
    });
  }

  private start(): Worker {
    const script = workerScript(__dirname, 'sqlite-writer-thread', __filename);
    const worker = new Worker(script.filename, { execArgv: script.execArgv, workerData: this.data });
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.take(reply.id);
      if (!waiting) return;
      if (this.waiting.size === 0) worker.unref();
      waiting.resolve(reply);
    });
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the event store's writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Writes in flight when the thread died may or may not have been committed: their callers retry (event ids make that safe). */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const waiting of this.waiting.takeAll()) waiting.reject(error);
  }
}
