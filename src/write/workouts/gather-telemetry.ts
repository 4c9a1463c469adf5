import type { EventStore } from '../../core/event-store';
import { TelemetryRecorded, workoutStream } from './events';
import type { TelemetryPoint } from './telemetry-point';

/** Every point recorded for a workout, and from how many batches. */
export async function gatherTelemetry(store: EventStore, workoutId: string): Promise<{ points: TelemetryPoint[]; batchCount: number }> {
  const points: TelemetryPoint[] = [];
  let batchCount = 0;
  for await (const event of store.readStream(workoutStream(workoutId))) {
    if (event.type !== 'TelemetryRecorded') continue;
    batchCount++;
    for (const point of (event.data as TelemetryRecorded['data']).points) points.push(point);
  }
  return { points, batchCount };
}
