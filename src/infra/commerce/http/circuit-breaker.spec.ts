import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let time = 1_000;
  const breaker = (failureThreshold = 3, openMs = 100) => new CircuitBreaker({ failureThreshold, openMs, now: () => time });

  it('opens after N consecutive failures and refuses with the time left', () => {
    const b = breaker();
    for (let i = 0; i < 2; i++) {
      expect(b.admit()).toEqual({ admitted: true, trial: false });
      b.failed(false);
    }
    expect(b.state).toBe('closed');
    b.failed(false);
    expect(b.state).toBe('open');
    expect(b.admit()).toEqual({ admitted: false, retryAfterMs: 100 });
    time += 40;
    expect(b.admit()).toEqual({ admitted: false, retryAfterMs: 60 });
  });

  it('counts only consecutive failures', () => {
    const b = breaker();
    b.failed(false);
    b.failed(false);
    b.succeeded();
    b.failed(false);
    b.failed(false);
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(2);
  });

  it('half-opens after openMs with one trial at a time; a successful trial closes it', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed(false);
    time += 100;
    expect(b.state).toBe('half_open');
    expect(b.admit()).toEqual({ admitted: true, trial: true });
    expect(b.admit()).toEqual({ admitted: false, retryAfterMs: undefined });
    expect(b.state).toBe('half_open');
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.admit()).toEqual({ admitted: true, trial: false });
  });

  it('reopens for another openMs when the trial fails, and lets a new trial through when one is abandoned', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed(false);
    time += 150;
    expect(b.admit()).toEqual({ admitted: true, trial: true });
    time += 10;
    b.failed(true);
    expect(b.state).toBe('open');
    expect(b.admit()).toEqual({ admitted: false, retryAfterMs: 100 });
    time += 100;
    expect(b.admit()).toEqual({ admitted: true, trial: true });
    b.abandoned(true);
    expect(b.admit()).toEqual({ admitted: true, trial: true });
  });

  it('does not move the opening time on failures of calls admitted before it opened', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed(false);
    time += 50;
    b.failed(false);
    expect(b.admit()).toEqual({ admitted: false, retryAfterMs: 50 });
  });

  it('rejects settings that make no sense', () => {
    expect(() => breaker(0)).toThrow(RangeError);
    expect(() => breaker(1.5)).toThrow(RangeError);
    expect(() => breaker(3, -1)).toThrow(RangeError);
  });
});
