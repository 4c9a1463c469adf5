/**
 * What-if experiment, loaded with `node --require` in front of the server by the telemetry
 * ingest benchmark when BENCH_WHATIF=1 (never in a normal run): makes jsonwebtoken's verify()
 * and sign() get the HMAC key as a crypto KeyObject (created once per key) instead of a Buffer.
 *
 * jsonwebtoken 9 turns a Buffer key into a KeyObject on every call, trying createPublicKey()
 * first, which for an HMAC secret fails inside OpenSSL's decoders and throws before
 * createSecretKey() is tried; that failed attempt costs about a millisecond per request. The
 * fix in the product is one line in src/api/auth/token.service.ts (createSecretKey(key) once);
 * this preload measures its effect without touching src/.
 */
import { createSecretKey, KeyObject } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwt = require('jsonwebtoken') as {
  verify: (token: string, key: unknown, ...rest: unknown[]) => unknown;
  sign: (payload: unknown, key: unknown, ...rest: unknown[]) => unknown;
};

const keys = new Map<string, KeyObject>();
function asKeyObject(key: unknown): unknown {
  if (!Buffer.isBuffer(key)) return key;
  const id = key.toString('base64');
  let object = keys.get(id);
  if (!object) keys.set(id, (object = createSecretKey(key)));
  return object;
}

const verify = jwt.verify;
const sign = jwt.sign;
jwt.verify = (token, key, ...rest) => verify(token, asKeyObject(key), ...rest);
jwt.sign = (payload, key, ...rest) => sign(payload, asKeyObject(key), ...rest);
