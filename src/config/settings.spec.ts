import { loadSettings, SettingsError } from './settings';

describe('settings', () => {
  it('defaults to the embedded stores on port 3000 with data in ./data', () => {
    const settings = loadSettings({});
    expect(settings.port).toBe(3000);
    expect(settings.dataDir.endsWith('/data')).toBe(true);
    expect(settings.esdbUrl ?? settings.mongoUrl ?? settings.redisUrl ?? settings.clickhouseUrl).toBeUndefined();
    expect(settings.sqliteSynchronous).toBe('FULL');
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
});
