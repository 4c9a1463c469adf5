import type { ShoeOffer } from '../../../core/commerce/types';
import { normaliseQuery, type NormalisedQuery } from '../replacement-query';

/**
 * The wire format of the company's store API, as docs/commerce.md defines it. Shared by the HTTP
 * adapter (which builds requests and checks answers) and the fake store of the tests (which parses
 * requests and builds answers), so the two cannot drift apart.
 *
 *   GET {base}/v1/replacements?region=NL&brand=Nike&model=Pegasus%2040&limit=3
 *     200 { "offers": [{ "sku", "brand", "model", "price": { "amount", "currency" }, "url" }] }
 *   GET {base}/health
 *     200 when the store can answer queries
 */
export const REPLACEMENTS_PATH = 'v1/replacements';
export const HEALTH_PATH = 'health';

/** The body of a 200 answer larger than this is refused as malformed. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** A body of a 200 answer that does not match the format: counts as a failure of the store. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** `{base}/{path}`, keeping any path prefix of the base URL (`https://host/api` → `https://host/api/v1/...`). */
export function storeUrl(base: URL, path: string): URL {
  const root = new URL(base.href);
  root.search = '';
  root.hash = '';
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  return new URL(path, root);
}

export function replacementsUrl(base: URL, query: NormalisedQuery): URL {
  const url = storeUrl(base, REPLACEMENTS_PATH);
  url.search = new URLSearchParams({ region: query.region, brand: query.brand, model: query.model, limit: String(query.limit) }).toString();
  return url;
}

/** The query of a `/v1/replacements` request; throws RangeError (→ 400) when it is not valid. */
export function queryFromSearchParams(params: URLSearchParams): NormalisedQuery {
  const limit = params.get('limit');
  return normaliseQuery({
    region: params.get('region') ?? '',
    brand: params.get('brand') ?? '',
    model: params.get('model') ?? '',
    limit: limit === null ? undefined : /^\d{1,3}$/.test(limit) ? Number(limit) : Number.NaN,
  });
}

/**
 * The offers of a 200 answer, checked strictly: every field present with the right type, prices
 * positive with an ISO 4217 currency, urls absolute http(s). Fields the format does not name are
 * dropped (so the store may add some without breaking us). Throws MalformedResponseError.
 */
export function parseReplacementsBody(text: string): ShoeOffer[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`the body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (!isRecord(body) || !Array.isArray(body.offers)) throw new MalformedResponseError('the body has no "offers" array');
  const offers: readonly unknown[] = body.offers;
  return offers.map((offer, i) => parseOffer(offer, `offers[${i}]`));
}

function parseOffer(value: unknown, at: string): ShoeOffer {
  if (!isRecord(value)) throw new MalformedResponseError(`${at} is not an object`);
  const text = (field: string, holder: Record<string, unknown> = value, path = `${at}.${field}`): string => {
    const v = holder[field];
    if (typeof v !== 'string' || v.trim().length === 0) throw new MalformedResponseError(`${path} must be a non-empty string`);
    return v;
  };
  const price = value.price;
  if (!isRecord(price)) throw new MalformedResponseError(`${at}.price is not an object`);
  const amount = price.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) throw new MalformedResponseError(`${at}.price.amount must be a positive number`);
  const currency = text('currency', price, `${at}.price.currency`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new MalformedResponseError(`${at}.price.currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const url = text('url');
  if (!isHttpUrl(url)) throw new MalformedResponseError(`${at}.url must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  return { sku: text('sku'), brand: text('brand'), model: text('model'), price: { amount, currency }, url };
}

/**
 * Milliseconds to wait from a Retry-After header (delay-seconds or an HTTP date), or undefined
 * when there is none or it cannot be read.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
