import { connect, Socket } from 'node:net';

/**
 * A minimal HTTP/1.1 keep-alive client over plain sockets, for load generators: a request is one
 * pre-built string written to an idle socket, and a response is read only as far as its status
 * line and length. Node's http client spends several times more CPU per request, and a load
 * generator on the same two cores as the server takes that CPU from the server under test.
 *
 * One request at a time per socket (no pipelining); a new socket is opened when all are busy, up
 * to `maxSockets`, after which requests wait for a free one.
 */
export class RawHttpPool {
  private readonly all = new Set<RawConnection>();
  private readonly idle: RawConnection[] = [];
  private readonly waiting: Array<{ raw: string; done: (status: number) => void }> = [];
  private open = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxSockets: number,
  ) {}

  static forUrl(url: string, maxSockets: number): RawHttpPool {
    const { hostname, port } = new URL(url);
    return new RawHttpPool(hostname, Number(port), maxSockets);
  }

  /** Sends `raw` (a whole request); `done` gets the status, or 0 when the connection failed. */
  send(raw: string, done: (status: number) => void): void {
    const connection = this.idle.pop() ?? (this.open < this.maxSockets ? this.connectOne() : undefined);
    if (!connection) {
      this.waiting.push({ raw, done });
      return;
    }
    connection.send(raw, done);
  }

  /** Opens `count` sockets (up to maxSockets) and waits until they are connected, so that a measurement does not time connection set-up. */
  async preconnect(count: number): Promise<void> {
    const opening: Promise<void>[] = [];
    while (this.open < Math.min(count, this.maxSockets)) {
      const connection = this.connectOne();
      opening.push(connection.connected.then(() => void this.idle.push(connection)));
    }
    await Promise.all(opening);
  }

  get sockets(): number {
    return this.open;
  }

  close(): void {
    this.idle.length = 0;
    for (const connection of this.all) connection.destroy();
  }

  private connectOne(): RawConnection {
    this.open++;
    const connection = new RawConnection(
      connect({ host: this.host, port: this.port, noDelay: true }),
      (connection) => {
        const next = this.waiting.shift();
        if (next) connection.send(next.raw, next.done);
        else this.idle.push(connection);
      },
      () => {
        this.open--;
        this.all.delete(connection);
      },
    );
    this.all.add(connection);
    return connection;
  }
}

/** Builds a request string once: `Content-Length` is computed from the body. */
export function rawRequest(method: string, path: string, host: string, headers: Record<string, string>, body = ''): string {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (body || method !== 'GET') head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}\r\n${body}`;
}

class RawConnection {
  private pending: Buffer | undefined;
  private current: ((status: number) => void) | undefined;
  private closed = false;
  /** Settles when the socket connects (or fails: a request on it then gets status 0). */
  readonly connected: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly onFree: (connection: RawConnection) => void,
    private readonly onClosed: () => void,
  ) {
    this.connected = new Promise((resolve) => {
      socket.once('connect', () => resolve());
      socket.once('close', () => resolve());
    });
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => this.fail());
    socket.on('close', () => this.fail());
  }

  send(raw: string, done: (status: number) => void): void {
    if (this.closed) {
      done(0);
      return;
    }
    this.current = done;
    this.socket.write(raw);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const headEnd = data.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      this.pending = data;
      return;
    }
    const head = data.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const bodyStart = headEnd + 4;
    let end: number;
    if (length) {
      end = bodyStart + Number(length[1]);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = data.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
      end = last < 0 ? Number.POSITIVE_INFINITY : last + 7;
    } else {
      end = bodyStart;
    }
    if (data.length < end) {
      this.pending = data;
      return;
    }
    this.pending = data.length > end ? data.subarray(end) : undefined;
    const done = this.current;
    this.current = undefined;
    done?.(Number(head.slice(9, 12)));
    this.onFree(this);
  }

  private fail(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    const done = this.current;
    this.current = undefined;
    done?.(0);
  }
}
