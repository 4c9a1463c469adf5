/**
 * What-if experiment, loaded with `node --require` in front of the server by the challenges
 * benchmark when BENCH_WHATIF=1 (never in a normal run): `TokenService.verify()` remembers the
 * tokens it has verified (up to 10,000, each until its `exp`), so a client's every request does
 * not check the same HS256 signature and parse the same JSON again. A token is a pure function of
 * the key: a verified one stays valid until it expires (unless keys rotate, which this server
 * does not do while running). This preload measures that without touching src/ (the fix there:
 * such a cache in src/api/auth/token.service.ts).
 */
import { join } from 'node:path';

/** The server's dist/src/api/auth/token.service.js (its copy, see snapshotServer()). */
const MODULE = join(process.env.BENCH_SERVER_DIST ?? join(__dirname, '..', '..'), 'src', 'api', 'auth', 'token.service.js');
const MAX_TOKENS = 10_000;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const service = require(MODULE) as { TokenService: { prototype: { verify(token: string): string } } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwt = require('jsonwebtoken') as { decode(token: string): { exp?: number } | string | null };

const verified = new Map<string, { userId: string; expiresMs: number }>();
const verify = service.TokenService.prototype.verify;
service.TokenService.prototype.verify = function (this: unknown, token: string): string {
  const hit = verified.get(token);
  if (hit && hit.expiresMs > Date.now()) return hit.userId;
  const userId = verify.call(this, token);
  const decoded = jwt.decode(token);
  const exp = typeof decoded === 'object' && decoded?.exp ? decoded.exp * 1000 : Date.now() + 60_000;
  if (verified.size >= MAX_TOKENS) verified.delete(verified.keys().next().value as string);
  verified.set(token, { userId, expiresMs: exp });
  return userId;
};
