/** Who asked for a command, when, and in answer to what: becomes the events' metadata. */
export interface CommandContext {
  /** Identifies the command; event ids derive from it, so a retried command appends nothing new. */
  commandId: string;
  actorId: string;
  correlationId: string;
  causationId: string;
  requestId?: string;
  now: Date;
}

/** The context of a command issued in answer to an HTTP request. */
export function requestContext(actorId: string, requestId: string, now: Date, commandId: string = requestId): CommandContext {
  return { commandId, actorId, correlationId: requestId, causationId: requestId, requestId, now };
}

/** The context of a command a saga issues in reaction to an event. */
export function reactionContext(
  cause: { eventId: string; correlationId: string },
  actorId: string,
  now: Date,
  commandId: string,
): CommandContext {
  return { commandId, actorId, correlationId: cause.correlationId, causationId: cause.eventId, now };
}
