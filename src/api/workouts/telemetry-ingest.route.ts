import type { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext } from '../../core/decider';
import { isUuid } from '../../core/ids';
import type { TelemetryAccepted } from '../../write/workouts/append-telemetry.handler';
import { AppendTelemetry } from '../../write/workouts/commands';
import { TELEMETRY_BODY_LIMIT_BYTES } from '../../write/workouts/telemetry-rules';
import type { TokenService } from '../auth/token.service';
import { userIdFromAuthorization } from '../auth/bearer-token';
import { notAUuid } from '../http/uuid-param';

export const TELEMETRY_ROUTE = '/v1/workouts/:id/telemetry';

export interface TelemetryAcknowledgement {
  workout_id: string;
  seq: number;
  duplicate: boolean;
}

/**
 * `POST /v1/workouts/{id}/telemetry`, the route every recording phone calls once a few seconds,
 * registered on Fastify itself rather than through a Nest controller: Nest's per-request pipeline
 * (execution context, guard and pipe lookups, response controller) cost about a tenth of the
 * server's capacity for this route (saturation 2,874-3,080 against 2,959-3,520 batches/s side by
 * side). Everything else is the same as for every route: the bearer token checked as the global
 * AuthGuard does, errors thrown to the app's error handler (AllExceptionsFilter, the API's error
 * shape), the request id and metrics hooks, and the command through the CommandBus. Its OpenAPI
 * entry is telemetry-ingest.openapi.ts.
 *
 * The body stays the text the client sent: the command parses and checks it where it is decided
 * (readTelemetryBatch), which with the embedded store is its writer thread. Parsing it here as
 * well cost the event loop about a tenth of its time at 3,000 batches/s (docs/benchmarks.md).
 */
export function registerTelemetryIngestRoute(fastify: FastifyInstance, deps: { commands: CommandBus; tokens: TokenService }): void {
  // A scope of its own, whose JSON content-type parser keeps the body as text.
  void fastify.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(TELEMETRY_ROUTE, { bodyLimit: TELEMETRY_BODY_LIMIT_BYTES }, async (request: FastifyRequest<{ Params: { id: string }; Body: string | undefined }>, reply) => {
      const actorId = userIdFromAuthorization(request.headers.authorization, deps.tokens);
      const workoutId = request.params.id;
      if (!isUuid(workoutId)) throw notAUuid();
      const accepted = await deps.commands.execute<AppendTelemetry, TelemetryAccepted>(
        // No body at all (no content type either) reads as an empty one.
        new AppendTelemetry(workoutId, request.body ?? '', requestContext(actorId, request.id, new Date())),
      );
      void reply.code(202);
      const acknowledgement: TelemetryAcknowledgement = { workout_id: workoutId, seq: accepted.seq, duplicate: accepted.duplicate };
      return acknowledgement;
    });
  });
}
