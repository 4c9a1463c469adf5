import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { requestContext, CommandContext } from '../../core/decider';
import type { AuthenticatedRequest } from '../auth/auth.guard';

/** The command context of this request: the signed-in user (or "anonymous"), the request id, now. */
export const CommandCtx = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return requestContext(request.userId ?? 'anonymous', request.id, new Date());
});
