import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import type { Settings } from '../../config/settings';
import { SETTINGS } from '../../core/tokens';
import { ApiError } from '../http/error-body';
import { SIGNING_KEY } from './signing-key';
import { VerifiedTokens } from './verified-tokens';

const ISSUER = 'stride';
const REMEMBERED_TOKENS = 50_000;

/** HS256 bearer tokens whose subject is the user id; roles are always read from the write model. */
@Injectable()
export class TokenService {
  /** A KeyObject: given raw bytes, jsonwebtoken tries to parse them as a public key on every verify (about 1 ms). */
  private readonly key: KeyObject;
  private readonly verified = new VerifiedTokens(REMEMBERED_TOKENS);

  constructor(
    @Inject(SIGNING_KEY) key: Buffer,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {
    this.key = createSecretKey(key);
  }

  issue(userId: string): string {
    return jwt.sign({}, this.key, { algorithm: 'HS256', subject: userId, issuer: ISSUER, expiresIn: this.settings.jwtTtlSeconds });
  }

  /** The user id the token was issued to; throws a 401 for anything else. */
  verify(token: string, nowMs = Date.now()): string {
    const known = this.verified.get(token, nowMs);
    if (known !== undefined) return known;
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, clockTimestamp: Math.floor(nowMs / 1000) });
      if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new Error('no subject or expiry');
      this.verified.remember(token, payload.sub, payload.exp * 1000);
      return payload.sub;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new ApiError(401, 'token_expired', 'the token has expired; log in again');
      throw new ApiError(401, 'invalid_token', 'the token is not valid');
    }
  }
}
