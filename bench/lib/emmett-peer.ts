import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Emmett's SQLite event store (@event-driven-io/emmett-sqlite), the closest public peer of the
 * embedded store. It lives in bench/peers/node_modules, outside the product's dependencies, and
 * is loaded at run time from there (install it with bench/peers/install.sh).
 */

/** bench/peers, seen from dist/bench/lib/ where this file runs once compiled. */
export const PEERS_DIR = join(__dirname, '..', '..', '..', 'bench', 'peers');
export const EMMETT_SQLITE = '@event-driven-io/emmett-sqlite';
export const PEERS_HINT = 'peers are not installed: run bench/peers/install.sh (needs the npm registry and a C++ toolchain for sqlite3)';

/** The event shape both stores take: Emmett's `{ type, data, metadata }` is the same as ours. */
export interface PeerEvent {
  type: string;
  data: unknown;
  metadata: object;
}

/** The little of Emmett's API the benchmark uses (see dist/index.d.ts of the package). */
interface EmmettConnection {
  close(): void;
  command(sql: string, values?: unknown[]): Promise<unknown>;
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
}
interface EmmettEventStore {
  appendToStream(streamName: string, events: PeerEvent[]): Promise<{ nextExpectedStreamVersion: bigint }>;
  readStream(streamName: string): Promise<{ events: Array<PeerEvent | null> }>;
  schema: { migrate(): Promise<void> };
}
interface EmmettSqliteModule {
  getSQLiteEventStore(options: {
    fileName: string;
    connectionOptions?: { singleton: true; connection: EmmettConnection };
  }): EmmettEventStore;
  sqliteConnection(options: { fileName: string }): EmmettConnection;
  readMessagesBatch(
    connection: EmmettConnection,
    options: { from: bigint; batchSize: number } | { after: bigint; batchSize: number },
  ): Promise<{ currentGlobalPosition: bigint; messages: PeerEvent[]; areEventsLeft: boolean }>;
}

/** One open Emmett store on one file, on one kept-open connection. */
export class EmmettPeerStore {
  private constructor(
    private readonly connection: EmmettConnection,
    private readonly store: EmmettEventStore,
    private readonly module: EmmettSqliteModule,
  ) {}

  /**
   * Opens the store the fastest way Emmett offers: one connection kept open for every call
   * (`connectionOptions.singleton`). Its default for a file opens, sets WAL on and closes a new
   * sqlite3 connection for every single call. Emmett sets no `synchronous` pragma (SQLite's
   * default, FULL); the benchmark sets it explicitly so both stores run with the same one.
   */
  static async open(module: EmmettSqliteModule, fileName: string, synchronous: 'FULL' | 'NORMAL'): Promise<EmmettPeerStore> {
    const connection = module.sqliteConnection({ fileName });
    await connection.command('PRAGMA journal_mode = WAL');
    await connection.command(`PRAGMA synchronous = ${synchronous}`);
    const store = module.getSQLiteEventStore({ fileName, connectionOptions: { singleton: true, connection } });
    await store.schema.migrate();
    const [{ synchronous: level }] = await connection.query<{ synchronous: number }>('PRAGMA synchronous');
    if (level !== (synchronous === 'FULL' ? 2 : 1)) throw new Error(`emmett connection runs synchronous=${level}`);
    return new EmmettPeerStore(connection, store, module);
  }

  async append(streamName: string, events: PeerEvent[]): Promise<void> {
    await this.store.appendToStream(streamName, events);
  }

  /** Reads a whole stream (parsed events); returns how many events it had. */
  async readStream(streamName: string): Promise<number> {
    const { events } = await this.store.readStream(streamName);
    let n = 0;
    for (const event of events) if (event && event.type.length > 0) n++;
    return n;
  }

  /**
   * Reads the whole global log in order, parsed, the way Emmett's own consumers do
   * (`readMessagesBatch`, here with pages of `batchSize`); returns how many events it read.
   */
  async readAll(batchSize: number): Promise<number> {
    let n = 0;
    let page = await this.module.readMessagesBatch(this.connection, { from: 0n, batchSize });
    for (;;) {
      for (const event of page.messages) if (event.type.length > 0) n++;
      if (!page.areEventsLeft) return n;
      page = await this.module.readMessagesBatch(this.connection, { after: page.currentGlobalPosition, batchSize });
    }
  }

  close(): void {
    this.connection.close();
  }
}

export type LoadedPeer =
  | { ok: true; module: EmmettSqliteModule; version: string; emmettVersion: string; sqlite3Version: string }
  | { ok: false; error: string };

function installedVersion(pkg: string): string {
  const file = join(PEERS_DIR, 'node_modules', ...pkg.split('/'), 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** `import()` that TypeScript's CommonJS output leaves alone (for a package that is ESM only). */
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads Emmett's SQLite store from bench/peers/node_modules, or says why it cannot. */
export async function loadEmmett(): Promise<LoadedPeer> {
  if (!existsSync(join(PEERS_DIR, 'node_modules', ...EMMETT_SQLITE.split('/'), 'package.json'))) {
    return { ok: false, error: PEERS_HINT };
  }
  const peerRequire = createRequire(join(PEERS_DIR, 'package.json'));
  let module: EmmettSqliteModule;
  try {
    module = peerRequire(EMMETT_SQLITE) as EmmettSqliteModule;
  } catch (requireError) {
    try {
      module = (await dynamicImport(pathToFileURL(peerRequire.resolve(EMMETT_SQLITE)).href)) as EmmettSqliteModule;
    } catch {
      const message = requireError instanceof Error ? requireError.message.split('\n')[0] : String(requireError);
      return { ok: false, error: `cannot load ${EMMETT_SQLITE}: ${message}; ${PEERS_HINT}` };
    }
  }
  try {
    // sqlite3 is a native addon built at install time: fail here, with the hint, if it was not.
    peerRequire('sqlite3');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: `sqlite3 native addon does not load (${message}); ${PEERS_HINT}` };
  }
  return {
    ok: true,
    module,
    version: installedVersion(EMMETT_SQLITE),
    emmettVersion: installedVersion('@event-driven-io/emmett'),
    sqlite3Version: installedVersion('sqlite3'),
  };
}
