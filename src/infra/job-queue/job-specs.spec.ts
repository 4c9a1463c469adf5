import { backoffDelay, MAX_RETRY_AFTER_MS, retryDelay } from './job-specs';

describe('retryDelay', () => {
  const backoff = { backoffMs: 100, maxBackoffMs: 10_000 };
  const unavailable = (retryAfterMs: unknown) => Object.assign(new Error('the store is unavailable'), { retryAfterMs });

  it('is the backoff when the error says nothing about when to retry', () => {
    expect(retryDelay(3, backoff, new Error('boom'))).toBe(backoffDelay(3, backoff));
    expect(retryDelay(3, backoff, 'a thrown string')).toBe(400);
    expect(retryDelay(3, backoff, undefined)).toBe(400);
  });

  it("waits the error's retryAfterMs when that is longer than the backoff, even past maxBackoffMs", () => {
    expect(retryDelay(1, backoff, unavailable(30_000))).toBe(30_000);
  });

  it('keeps the backoff when the retryAfterMs is shorter', () => {
    expect(retryDelay(4, backoff, unavailable(50))).toBe(800);
  });

  it('ignores a retryAfterMs that is not a non-negative finite number', () => {
    for (const hint of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5000', null]) {
      expect(retryDelay(2, backoff, unavailable(hint))).toBe(200);
    }
  });

  it('cuts a retryAfterMs longer than a day to a day', () => {
    expect(retryDelay(1, backoff, unavailable(30 * MAX_RETRY_AFTER_MS))).toBe(MAX_RETRY_AFTER_MS);
  });
});
