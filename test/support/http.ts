import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, Settings } from '../../src/config/settings';
import { App, startApp } from '../../src/bootstrap';

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ErrorShape {
  error: { code: string; message: string; details: unknown[] };
}

/** A client for the running app; `token` is sent as a bearer token when given. */
export function client(app: () => App) {
  const call = async <T>(method: string, path: string, options: { body?: unknown; raw?: string | Buffer; token?: string; headers?: Record<string, string> } = {}): Promise<Response<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${app().url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    get: <T>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T>(path: string, body?: unknown, token?: string) => call<T>('POST', path, { body, token }),
    patch: <T>(path: string, body?: unknown, token?: string) => call<T>('PATCH', path, { body, token }),
    put: <T>(path: string, body?: unknown, token?: string) => call<T>('PUT', path, { body, token }),
    delete: <T>(path: string, token?: string) => call<T>('DELETE', path, { token }),
    call,
  };
}

/** A data directory of its own, and settings for an app on the embedded defaults on a free port. */
export function embeddedSettings(overrides: Record<string, string> = {}): { settings: () => Settings; dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'stride-e2e-'));
  return {
    dataDir,
    settings: () => loadSettings({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', ...overrides }),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export { startApp };
export type { App };
