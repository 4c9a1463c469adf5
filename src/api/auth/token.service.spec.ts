import { randomBytes } from 'node:crypto';
import { loadSettings } from '../../config/settings';
import { ApiError } from '../http/error-body';
import { TokenService } from './token.service';

function service(ttlSeconds = 60): TokenService {
  return new TokenService(randomBytes(32), { ...loadSettings({}), jwtTtlSeconds: ttlSeconds });
}

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
}

describe('TokenService', () => {
  it('verifies the tokens it issued, again and again, to their user', () => {
    const tokens = service();
    const token = tokens.issue('user-1');
    expect(tokens.verify(token)).toBe('user-1');
    expect(tokens.verify(token)).toBe('user-1');
  });

  it('rejects a remembered token once it has expired', () => {
    const tokens = service(60);
    const token = tokens.issue('user-1');
    expect(tokens.verify(token)).toBe('user-1');
    expect(errorCode(() => tokens.verify(token, Date.now() + 61_000))).toBe('token_expired');
  });

  it('rejects a token signed with another key, and a tampered one', () => {
    const token = service().issue('user-1');
    expect(errorCode(() => service().verify(token))).toBe('invalid_token');
    const tokens = service();
    const good = tokens.issue('user-1');
    tokens.verify(good);
    const [header, payload, signature] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'user-2' })).toString('base64url');
    expect(errorCode(() => tokens.verify(`${header}.${forged}.${signature}`))).toBe('invalid_token');
  });
});
