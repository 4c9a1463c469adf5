import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterSeconds, toErrorResponse } from './to-error-response';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, request.id);
    if (response.unexpected) this.logger.error(`${request.method} ${request.url} [${request.id}]: ${(exception as Error)?.stack ?? String(exception)}`);
    const retryAfter = retryAfterSeconds(response);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(response.status).header('content-type', 'application/json; charset=utf-8').send(response.body);
  }
}
