import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/error-body';
import { IS_PUBLIC } from './public.decorator';
import { TokenService } from './token.service';

export interface AuthenticatedRequest extends FastifyRequest {
  userId: string;
}

/** Every route needs `Authorization: Bearer <jwt>` unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new ApiError(401, 'unauthorized', 'this route needs an Authorization: Bearer <token> header');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'the Authorization header must be "Bearer <token>"');
    request.userId = this.tokens.verify(match[1]);
    return true;
  }
}
