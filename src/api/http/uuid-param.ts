import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from './error-body';

/** The refusal of a path id that is not a UUID. */
export const notAUuid = (): ApiError => new ApiError(400, 'validation_failed', 'the id must be a UUID', [{ field: 'id', message: 'must be a UUID' }]);

/** A path id that must be a UUID (400 in the error shape otherwise). */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: notAUuid });
