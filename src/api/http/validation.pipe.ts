import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from '../../core/domain-error';
import { ApiError } from './error-body';

/** class-validator on every body and query: unknown fields are refused, types are checked. */
export function apiValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ApiError(400, 'validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'the request is invalid', details);
    },
  });
}

function flatten(errors: readonly ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A DTO-typed body must be a JSON object: an array, string or number is refused before validation. */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ApiError(400, 'validation_failed', 'the body must be a JSON object', [{ message: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}
