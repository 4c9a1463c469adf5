import type { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext } from '../../core/decider';
import { isUuid } from '../../core/ids';
import type { TelemetryAccepted } from '../../write/workouts/append-telemetry.handler';
import { AppendTelemetry } from '../../write/workouts/commands';
import { TELEMETRY_BODY_LIMIT_BYTES, telemetryBatchProblems } from '../../write/workouts/telemetry-rules';
import type { TelemetryPoint } from '../../write/workouts/telemetry-point';
import type { TokenService } from '../auth/token.service';
import { userIdFromAuthorization } from '../auth/bearer-token';
import { ApiError } from '../http/error-body';
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
 */
export function registerTelemetryIngestRoute(fastify: FastifyInstance, deps: { commands: CommandBus; tokens: TokenService }): void {
  // A scope of its own, whose JSON parser (Fastify's default one) also keeps the body's text: the
  // embedded store's writer thread decides the batch from it (AppendTelemetry.batch).
  void fastify.register(async (scope) => {
    const batches = new WeakMap<FastifyRequest, string>();
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      parseJson(request, body as string, (error, parsed) => {
        if (!error) batches.set(request, body as string);
        done(error, parsed);
      });
    });
    scope.post(TELEMETRY_ROUTE, { bodyLimit: TELEMETRY_BODY_LIMIT_BYTES }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const actorId = userIdFromAuthorization(request.headers.authorization, deps.tokens);
      const workoutId = request.params.id;
      if (!isUuid(workoutId)) throw notAUuid();
      const problems = telemetryBatchProblems(request.body);
      if (problems.length > 0) throw new ApiError(400, 'validation_failed', problems.map((p) => `${p.field ?? 'body'}: ${p.message}`).join('; '), problems);
      const { seq, points } = request.body as { seq: number; points: TelemetryPoint[] };
      const accepted = await deps.commands.execute<AppendTelemetry, TelemetryAccepted>(
        new AppendTelemetry(workoutId, seq, points, requestContext(actorId, request.id, new Date()), batches.get(request)),
      );
      void reply.code(202);
      const acknowledgement: TelemetryAcknowledgement = { workout_id: workoutId, seq, duplicate: accepted.duplicate };
      return acknowledgement;
    });
  });
}
