import type { OpenAPIObject } from '@nestjs/swagger';
import { TELEMETRY_LIMITS } from '../../write/workouts/telemetry-rules';

const { elevation, heartrate, cadence } = TELEMETRY_LIMITS;

/** The OpenAPI path item of the telemetry route, which Fastify serves directly (telemetry-ingest.route.ts). */
export const telemetryIngestPathItem: OpenAPIObject['paths'][string] = {
  post: {
    tags: ['workouts'],
    summary: 'Append a batch of telemetry to an active workout',
    description:
      "A repeated seq is acknowledged (duplicate: true) and stored once; batches may arrive in any order. A bad batch is refused whole, with the wrong point named in details.",
    security: [{ bearer: [] }],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['seq', 'points'],
            additionalProperties: false,
            properties: {
              seq: { type: 'integer', minimum: 0, maximum: TELEMETRY_LIMITS.maxSeq, description: "the client's batch number" },
              points: {
                type: 'array',
                minItems: 1,
                maxItems: TELEMETRY_LIMITS.maxPointsPerBatch,
                items: {
                  type: 'object',
                  required: ['t', 'lat', 'lon'],
                  additionalProperties: false,
                  properties: {
                    t: { type: 'integer', description: 'epoch milliseconds' },
                    lat: { type: 'number', minimum: -90, maximum: 90 },
                    lon: { type: 'number', minimum: -180, maximum: 180 },
                    ele: { type: 'number', minimum: elevation.min, maximum: elevation.max, description: 'metres' },
                    hr: { type: 'number', minimum: heartrate.min, maximum: heartrate.max, description: 'beats per minute' },
                    cad: { type: 'number', minimum: cadence.min, maximum: cadence.max, description: 'steps or revolutions per minute' },
                  },
                },
              },
            },
          },
        },
      },
    },
    responses: {
      '202': {
        description: 'accepted (stored, or a duplicate of a stored batch)',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { workout_id: { type: 'string', format: 'uuid' }, seq: { type: 'integer' }, duplicate: { type: 'boolean' } },
            },
          },
        },
      },
      '400': { description: 'malformed or invalid batch (validation_failed, malformed_json)' },
      '401': { description: 'missing or invalid token' },
      '403': { description: "not the workout's owner" },
      '404': { description: 'no such workout' },
      '413': { description: 'body over the batch byte limit' },
      '422': { description: 'the workout is finished or discarded' },
    },
  },
};
