import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../config/settings';

export const SIGNING_KEY = Symbol('SigningKey');

const KEY_FILE = 'jwt-signing-key';

/**
 * The configured JWT_SECRET, or else a random key generated on first start and kept in DATA_DIR
 * (readable by the owner only), so tokens stay valid across restarts of the embedded mode.
 */
export function loadSigningKey(settings: Pick<Settings, 'jwtSecret' | 'dataDir'>): Buffer {
  if (settings.jwtSecret) return Buffer.from(settings.jwtSecret, 'utf8');
  const file = join(settings.dataDir, KEY_FILE);
  try {
    writeFileSync(file, randomBytes(48).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}
