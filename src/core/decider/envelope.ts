import type { NewEvent } from '../event-store';
import { uuidV5 } from '../ids';
import type { CommandContext } from './command-context';
import type { DomainEvent } from './decider';

/**
 * A decided event as the store takes it: its metadata from the command's context, its id derived
 * from the command id, the stream and its index among the command's events (so a retried command
 * appends nothing new).
 */
export function envelope(event: DomainEvent, context: CommandContext, streamId: string, index: number, schemaVersion: number): NewEvent {
  return {
    type: event.type,
    data: event.data,
    metadata: {
      eventId: uuidV5(`${context.commandId}|${streamId}|${index}`),
      correlationId: context.correlationId,
      causationId: context.causationId,
      actorId: context.actorId,
      occurredAt: context.now.toISOString(),
      schemaVersion,
      ...(context.requestId ? { requestId: context.requestId } : {}),
    },
  };
}
