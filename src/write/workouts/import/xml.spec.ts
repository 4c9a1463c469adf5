import { parseDateTime, parseDecimal } from './xml';

describe('XML value readers', () => {
  it.each([
    ['12.5', 12.5],
    [' -0.25 ', -0.25],
    ['1e3', 1000],
    ['.5', 0.5],
    ['', undefined],
    ['undefined', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
    ['0x10', undefined],
    ['12,5', undefined],
    [null, undefined],
  ])('reads the decimal %p as %p', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each([
    ['2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00.123456Z', Date.UTC(2024, 4, 1, 10, 0, 0, 123)],
    ['2024-05-01T12:00:00+02:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T12:00:00+0200', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01', undefined],
    ['Sun Jun 24 15:08:39 2001', undefined],
    ['2024-13-01T10:00:00Z', undefined],
    [undefined, undefined],
  ])('reads the dateTime %p as %p (no zone means UTC)', (text, t) => {
    expect(parseDateTime(text)).toBe(t);
  });
});
