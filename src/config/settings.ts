import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_CHECKPOINTER_NICE, type SqliteSynchronous } from '../infra/event-store/sqlite/sqlite-schema';

/** Everything the process reads from its environment, validated once at start. */
export interface Settings {
  port: number;
  host: string;
  /**
   * Connections the kernel may queue for the server to accept. Node's default (511) overflows
   * when many phones connect at once while the event loop is busy: the kernel then drops their
   * SYNs, and each waits a second for its retransmit. Linux caps it at net.core.somaxconn.
   */
  listenBacklog: number;
  dataDir: string;
  esdbUrl?: string;
  mongoUrl?: string;
  redisUrl?: string;
  clickhouseUrl?: string;
  adminEmails: string[];
  /** HS256 key; when unset, one is generated once and kept in DATA_DIR. */
  jwtSecret?: string;
  jwtTtlSeconds: number;
  bodyLimitBytes: number;
  sqliteSynchronous: SqliteSynchronous;
  /** The embedded store's WAL is started over at this many pages (4 KiB each); see docs/operations.md. */
  sqliteWalRestartPages: number;
  /** Nice value of the embedded store's checkpointer thread on Linux (0 keeps the process's priority). */
  sqliteCheckpointNice: number;
  /** First retry delay of a failed job (push message, store call); doubles per attempt. */
  jobBackoffMs: number;
  /** Attempts before a job goes to the dead-letter list. */
  jobMaxAttempts: number;
  /** The longest wait between two attempts of a job. */
  jobMaxBackoffMs: number;
  /** One call to the store API (COMMERCE_URL) gives up after this long. */
  commerceTimeoutMs: number;
  /** After repeated failures the store API is not called for this long (circuit breaker). */
  commerceBreakerOpenMs: number;
  /** Retries of one call to the store API after its first attempt fails. */
  commerceRetries: number;
  /** Consecutive failed calls to the store API that open its circuit. */
  commerceBreakerFailures: number;
  /** The embedded catalogue's file, when COMMERCE_URL is unset; the shipped one by default. */
  commerceCatalogueFile?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** The store API for promos (COMMERCE_URL); the embedded catalogue when unset. */
  commerceUrl?: string;
  /** Region for athletes who did not set one (ISO 3166-1 alpha-2). */
  defaultRegion: string;
  /** How long a promo offer stays valid. */
  promoValidityDays: number;
  /** Worker threads that parse imported activity files off the event loop. */
  importParserThreads: number;
  /** Imports that may wait for a free parser thread; one more is refused with 503 too_many_imports. */
  importQueueLimit: number;
  /** A parser thread still busy with one file after this long is stopped (422 import_timed_out) and replaced. */
  importParseTimeoutMs: number;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid settings:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadSettings(env: Env = process.env): Settings {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, schemes: readonly string[]) => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !schemes.includes(parsed.protocol.replace(/:$/, ''))) {
      problems.push(`${name} must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${raw}"`);
      return undefined;
    }
    return raw;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!value) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const optionalPath = (name: string) => {
    const raw = text(name);
    return raw === undefined ? undefined : resolve(raw);
  };

  const region = () => {
    const raw = text('DEFAULT_REGION') ?? 'NL';
    if (!/^[A-Z]{2}$/.test(raw)) problems.push(`DEFAULT_REGION must be an ISO 3166-1 alpha-2 code such as NL, got "${raw}"`);
    return raw;
  };

  const adminEmails = (text('ADMIN_EMAILS') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0);
  for (const email of adminEmails) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) problems.push(`ADMIN_EMAILS has "${email}", which is not an e-mail address`);
  }
  const jwtSecret = text('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters long');

  const settings: Settings = {
    port: integer('PORT', 3000, 0, 65535),
    host: text('HOST') ?? '0.0.0.0',
    listenBacklog: integer('LISTEN_BACKLOG', 4096, 1, 65535),
    dataDir: resolve(text('DATA_DIR') ?? './data'),
    esdbUrl: url('ESDB_URL', ['esdb', 'esdb+discover']),
    mongoUrl: url('MONGO_URL', ['mongodb', 'mongodb+srv']),
    redisUrl: url('REDIS_URL', ['redis', 'rediss']),
    clickhouseUrl: url('CLICKHOUSE_URL', ['http', 'https']),
    adminEmails,
    jwtSecret,
    jwtTtlSeconds: integer('JWT_TTL_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    sqliteWalRestartPages: integer('SQLITE_WAL_RESTART_PAGES', 65_536, 64, 1_048_576),
    sqliteCheckpointNice: integer('SQLITE_CHECKPOINT_NICE', DEFAULT_CHECKPOINTER_NICE, 0, 19),
    jobBackoffMs: integer('JOB_BACKOFF_MS', 1000, 1, 3_600_000),
    jobMaxAttempts: integer('JOB_MAX_ATTEMPTS', 8, 1, 100),
    jobMaxBackoffMs: integer('JOB_MAX_BACKOFF_MS', 300_000, 1, 86_400_000),
    commerceTimeoutMs: integer('COMMERCE_TIMEOUT_MS', 2000, 10, 60_000),
    commerceBreakerOpenMs: integer('COMMERCE_BREAKER_OPEN_MS', 30_000, 10, 3_600_000),
    commerceRetries: integer('COMMERCE_RETRIES', 2, 0, 10),
    commerceBreakerFailures: integer('COMMERCE_BREAKER_FAILURES', 5, 1, 1000),
    commerceCatalogueFile: optionalPath('COMMERCE_CATALOGUE_FILE'),
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    commerceUrl: url('COMMERCE_URL', ['http', 'https']),
    defaultRegion: region(),
    promoValidityDays: integer('PROMO_VALIDITY_DAYS', 14, 1, 365),
    importParserThreads: integer('IMPORT_PARSER_THREADS', Math.min(2, availableParallelism()), 1, 64),
    importQueueLimit: integer('IMPORT_QUEUE_LIMIT', 8, 0, 1000),
    importParseTimeoutMs: integer('IMPORT_PARSE_TIMEOUT_MS', 60_000, 1000, 600_000),
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
