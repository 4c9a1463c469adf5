import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { userIdFromAuthorization } from './bearer-token';
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
    request.userId = userIdFromAuthorization(request.headers.authorization, this.tokens);
    return true;
  }
}
