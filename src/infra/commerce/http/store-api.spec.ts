import { MalformedResponseError, parseReplacementsBody, parseRetryAfter, queryFromSearchParams, replacementsUrl, storeUrl } from './store-api';

const offer = { sku: 'NIKE-PEG-41', brand: 'Nike', model: 'Pegasus 41', price: { amount: 139.99, currency: 'EUR' }, url: 'https://store.example.com/nl/p/NIKE-PEG-41' };

describe('store API wire format', () => {
  it('builds URLs under the base, keeping a path prefix', () => {
    expect(storeUrl(new URL('http://store:8080'), 'health').href).toBe('http://store:8080/health');
    expect(storeUrl(new URL('https://shop.example.com/api?x=1'), 'health').href).toBe('https://shop.example.com/api/health');
    const url = replacementsUrl(new URL('https://shop.example.com/api/'), { region: 'NL', brand: 'New Balance', model: '1080v14 & co', limit: 3 });
    expect(url.href).toBe('https://shop.example.com/api/v1/replacements?region=NL&brand=New+Balance&model=1080v14+%26+co&limit=3');
    expect(queryFromSearchParams(url.searchParams)).toEqual({ region: 'NL', brand: 'New Balance', model: '1080v14 & co', limit: 3 });
  });

  it('reads a query with the default limit, and refuses a bad one', () => {
    expect(queryFromSearchParams(new URLSearchParams('region=GB&brand=Hoka&model=Clifton%209'))).toEqual({ region: 'GB', brand: 'Hoka', model: 'Clifton 9', limit: 3 });
    for (const bad of ['brand=Hoka&model=Clifton', 'region=gb&brand=Hoka&model=Clifton', 'region=GB&model=Clifton', 'region=GB&brand=Hoka&model=Clifton&limit=x', 'region=GB&brand=Hoka&model=Clifton&limit=-1', 'region=GB&brand=Hoka&model=Clifton&limit=21']) {
      expect(() => queryFromSearchParams(new URLSearchParams(bad))).toThrow(RangeError);
    }
  });

  it('accepts a well-formed body, dropping fields the format does not name', () => {
    expect(parseReplacementsBody(JSON.stringify({ offers: [] }))).toEqual([]);
    expect(parseReplacementsBody(JSON.stringify({ offers: [{ ...offer, stock: 4, price: { ...offer.price, vat: 21 } }], next: null }))).toEqual([offer]);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['no offers', '{}'],
    ['offers not an array', '{"offers":{}}'],
    ['an offer not an object', '{"offers":[1]}'],
    ['a numeric sku', JSON.stringify({ offers: [{ ...offer, sku: 42 }] })],
    ['an empty model', JSON.stringify({ offers: [{ ...offer, model: ' ' }] })],
    ['no brand', JSON.stringify({ offers: [{ ...offer, brand: undefined }] })],
    ['a price as text', JSON.stringify({ offers: [{ ...offer, price: { amount: '139.99', currency: 'EUR' } }] })],
    ['a zero price', JSON.stringify({ offers: [{ ...offer, price: { amount: 0, currency: 'EUR' } }] })],
    ['a bad currency', JSON.stringify({ offers: [{ ...offer, price: { amount: 1, currency: 'euro' } }] })],
    ['a relative url', JSON.stringify({ offers: [{ ...offer, url: '/nl/p/NIKE-PEG-41' }] })],
    ['a javascript: url', JSON.stringify({ offers: [{ ...offer, url: 'javascript:alert(1)' }] })],
  ])('refuses a body with %s', (_, body) => {
    expect(() => parseReplacementsBody(body)).toThrow(MalformedResponseError);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
