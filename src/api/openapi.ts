import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { telemetryIngestPathItem } from './workouts/telemetry-ingest.openapi';

/** OpenAPI UI at /docs and the document at /docs-json. */
export function setUpOpenApi(nest: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Stride API')
    .setDescription('Event-sourced backend of the social sports platform. Errors: {"error": {"code", "message", "details"}}.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(nest, config);
  // Served by Fastify directly, so Nest's scan of the controllers does not see it.
  document.paths['/v1/workouts/{id}/telemetry'] = telemetryIngestPathItem;
  SwaggerModule.setup('docs', nest, document, { jsonDocumentUrl: 'docs-json' });
}
