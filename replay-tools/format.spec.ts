import { formatDuration, redact, REDACTED, toJson } from './format';

describe('format', () => {
  it('redacts password_hash at any depth, in objects and arrays, without touching the input', () => {
    const input = { user_id: 'u', password_hash: '$argon2id$x', nested: { list: [{ password_hash: '$argon2id$y', keep: 1 }] } };
    expect(redact(input)).toEqual({ user_id: 'u', password_hash: REDACTED, nested: { list: [{ password_hash: REDACTED, keep: 1 }] } });
    expect(input.password_hash).toBe('$argon2id$x');
  });

  it('writes bigints as decimal strings', () => {
    expect(toJson({ position: 12345678901234567890n, list: [1n] })).toBe('{"position":"12345678901234567890","list":["1"]}');
  });

  it('formats durations for people', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
