import { ApiError } from '../http/error-body';
import type { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The user an `Authorization: Bearer <jwt>` header signs in; a 401 in the API's shape for anything else. */
export function userIdFromAuthorization(header: string | undefined, tokens: TokenService): string {
  if (!header) throw new ApiError(401, 'unauthorized', 'this route needs an Authorization: Bearer <token> header');
  const match = BEARER.exec(header);
  if (!match) throw new ApiError(401, 'unauthorized', 'the Authorization header must be "Bearer <token>"');
  return tokens.verify(match[1]);
}
