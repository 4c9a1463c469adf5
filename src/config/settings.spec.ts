import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { loadSettings, SettingsError } from './settings';

describe('settings', () => {
  it('defaults to the embedded stores on port 3000 with data in ./data', () => {
    const settings = loadSettings({});
    expect(settings.port).toBe(3000);
    expect(settings.dataDir.endsWith('/data')).toBe(true);
    expect(settings.esdbUrl ?? settings.mongoUrl ?? settings.redisUrl ?? settings.clickhouseUrl).toBeUndefined();
    expect(settings.sqliteSynchronous).toBe('FULL');
  });

  it('lets 4,096 connections wait to be accepted unless LISTEN_BACKLOG says otherwise', () => {
    expect(loadSettings({}).listenBacklog).toBe(4096);
    expect(loadSettings({ LISTEN_BACKLOG: '1024' }).listenBacklog).toBe(1024);
    expect(() => loadSettings({ LISTEN_BACKLOG: '0' })).toThrow(/LISTEN_BACKLOG/);
  });

  it('reads store URLs and admin e-mails', () => {
    const settings = loadSettings({
      ESDB_URL: 'esdb://localhost:2113?tls=false',
      MONGO_URL: 'mongodb://localhost:27017/stride',
      ADMIN_EMAILS: ' Boss@Example.com, ops@example.com ',
    });
    expect(settings.esdbUrl).toBe('esdb://localhost:2113?tls=false');
    expect(settings.adminEmails).toEqual(['boss@example.com', 'ops@example.com']);
  });

  it('tunes the store API client: 2 retries and a circuit that opens after 5 failed calls unless told otherwise', () => {
    const defaults = loadSettings({});
    expect([defaults.commerceRetries, defaults.commerceBreakerFailures, defaults.commerceCatalogueFile]).toEqual([2, 5, undefined]);
    const tuned = loadSettings({ COMMERCE_RETRIES: '0', COMMERCE_BREAKER_FAILURES: '12', COMMERCE_CATALOGUE_FILE: 'shop/catalogue.json' });
    expect([tuned.commerceRetries, tuned.commerceBreakerFailures]).toEqual([0, 12]);
    expect(tuned.commerceCatalogueFile).toBe(resolve('shop/catalogue.json'));
    expect(() => loadSettings({ COMMERCE_RETRIES: '11' })).toThrow(/COMMERCE_RETRIES must be an integer from 0 to 10/);
    expect(() => loadSettings({ COMMERCE_BREAKER_FAILURES: '0' })).toThrow(/COMMERCE_BREAKER_FAILURES must be an integer from 1 to 1000/);
  });

  it('names every bad value in one clear error', () => {
    let caught: unknown;
    try {
      loadSettings({ PORT: 'eighty', MONGO_URL: 'localhost:27017', REDIS_URL: 'http://x', SQLITE_SYNCHRONOUS: 'off' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const problems = (caught as SettingsError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/PORT must be an integer/);
    expect(problems[1]).toMatch(/MONGO_URL must be a URL starting with mongodb:\/\//);
    expect(problems[3]).toMatch(/SQLITE_SYNCHRONOUS must be one of FULL, NORMAL/);
  });

  it('starts the embedded WAL over at 65,536 pages unless told otherwise, and refuses a WAL too short to hold a commit', () => {
    expect(loadSettings({}).sqliteWalRestartPages).toBe(65_536);
    expect(loadSettings({ SQLITE_WAL_RESTART_PAGES: '4096' }).sqliteWalRestartPages).toBe(4096);
    expect(() => loadSettings({ SQLITE_WAL_RESTART_PAGES: '10' })).toThrow(/SQLITE_WAL_RESTART_PAGES/);
  });

  it('runs the embedded checkpointer at nice 10 unless told otherwise, within what Linux allows', () => {
    expect(loadSettings({}).sqliteCheckpointNice).toBe(10);
    expect(loadSettings({ SQLITE_CHECKPOINT_NICE: '0' }).sqliteCheckpointNice).toBe(0);
    expect(loadSettings({ SQLITE_CHECKPOINT_NICE: '19' }).sqliteCheckpointNice).toBe(19);
    expect(() => loadSettings({ SQLITE_CHECKPOINT_NICE: '20' })).toThrow(/SQLITE_CHECKPOINT_NICE/);
    expect(() => loadSettings({ SQLITE_CHECKPOINT_NICE: '-5' })).toThrow(/SQLITE_CHECKPOINT_NICE/);
  });

  it('parses activity files in up to 2 threads by default, with 8 waiting and a 60 s limit', () => {
    const settings = loadSettings({});
    expect(settings.importParserThreads).toBe(Math.min(2, availableParallelism()));
    expect(settings.importQueueLimit).toBe(8);
    expect(settings.importParseTimeoutMs).toBe(60_000);
    expect(loadSettings({ IMPORT_PARSER_THREADS: '4', IMPORT_QUEUE_LIMIT: '0', IMPORT_PARSE_TIMEOUT_MS: '5000' })).toMatchObject({
      importParserThreads: 4,
      importQueueLimit: 0,
      importParseTimeoutMs: 5000,
    });
  });

  it('refuses import parser settings out of range', () => {
    let caught: unknown;
    try {
      loadSettings({ IMPORT_PARSER_THREADS: '0', IMPORT_QUEUE_LIMIT: '-1', IMPORT_PARSE_TIMEOUT_MS: '10' });
    } catch (error) {
      caught = error;
    }
    expect((caught as SettingsError).problems).toEqual([
      'IMPORT_PARSER_THREADS must be an integer from 1 to 64, got "0"',
      'IMPORT_QUEUE_LIMIT must be an integer from 0 to 1000, got "-1"',
      'IMPORT_PARSE_TIMEOUT_MS must be an integer from 1000 to 600000, got "10"',
    ]);
  });
});
