import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './to-error-response';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, unexpected } = toErrorResponse(exception, request.id);
    if (unexpected) this.logger.error(`${request.method} ${request.url} [${request.id}]: ${(exception as Error)?.stack ?? String(exception)}`);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
