import { DomainError } from '../../core/domain-error';
import { readTelemetryBatch } from './telemetry-batch';

const point = { t: 1_765_000_000_000, lat: 47.1, lon: 8.5, ele: 410.5, hr: 130, cad: 84 };

function refusal(text: string): DomainError {
  try {
    readTelemetryBatch(text);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${text} was read as a good batch`);
}

describe('readTelemetryBatch', () => {
  it('reads the seq and the points of a good batch, whatever its spacing', () => {
    expect(readTelemetryBatch(` { "points" : [ ${JSON.stringify(point)} ], "seq" : 7 } `)).toEqual({ seq: 7, points: [point] });
  });

  it.each([
    ['an empty body', '', 'the body is empty but declared as JSON'],
    ['a body of blanks', ' \n ', 'the body is empty but declared as JSON'],
    ['a cut-off body', '{"seq":1,"points":[', 'the body is not valid JSON'],
  ])('refuses %s as malformed_json', (_name, text, message) => {
    const error = refusal(text);
    expect([error.kind, error.code, error.message]).toEqual(['invalid', 'malformed_json', message]);
  });

  it.each([
    ['a body that is not an object', '[1]', 'body'],
    ['a point out of range, by its index', JSON.stringify({ seq: 1, points: [point, { ...point, lat: 91 }] }), 'points[1].lat'],
    ['a number too large to be finite', '{"seq":1,"points":[{"t":1,"lat":1e999,"lon":0}]}', 'points[0].lat'],
    ['a __proto__ key in a point', `{"seq":1,"points":[{"t":1,"lat":1,"lon":1,"__proto__":{"polluted":true}}]}`, 'points[0].__proto__'],
    ['a constructor key in the body', `{"seq":1,"points":[${JSON.stringify(point)}],"constructor":{"prototype":{}}}`, 'constructor'],
  ])('refuses %s as validation_failed, naming the field', (_name, text, field) => {
    const error = refusal(text);
    expect([error.kind, error.code]).toEqual(['invalid', 'validation_failed']);
    expect(error.details.map((d) => d.field ?? 'body')).toContain(field);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
