import { DomainError } from '../../core/domain-error';
import type { TelemetryPoint } from './telemetry-point';
import { telemetryBatchProblems } from './telemetry-rules';

/** A batch of telemetry as a client sends it: `{"seq": …, "points": [...]}`. */
export interface TelemetryBatch {
  seq: number;
  points: TelemetryPoint[];
}

/**
 * The batch in a request body's JSON text, checked point by point; a DomainError (400) that says
 * what is wrong otherwise. The text is parsed where the batch is decided (the embedded store's
 * writer thread, or the command handler), not by the HTTP layer: the event loop then spends
 * nothing on the busiest request's body. Keys such as `__proto__` become own properties in
 * JSON.parse, and the check refuses every key it does not know.
 */
export function readTelemetryBatch(text: string): TelemetryBatch {
  if (text.trim() === '') throw new DomainError('invalid', 'malformed_json', 'the body is empty but declared as JSON');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError('invalid', 'malformed_json', 'the body is not valid JSON');
  }
  const problems = telemetryBatchProblems(body);
  if (problems.length > 0) {
    throw new DomainError('invalid', 'validation_failed', problems.map((p) => `${p.field ?? 'body'}: ${p.message}`).join('; '), problems);
  }
  return body as TelemetryBatch;
}
