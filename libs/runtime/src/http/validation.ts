import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens class-validator's tree into `patient.address.state: must be …` field messages. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

/**
 * A JSON body bound to a DTO class must be an object: an array or a bare value would otherwise be
 * reported as its indexes being unknown properties ("property 0 should not exist").
 */
const NOT_DTOS: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto =
      metadata.type === 'body' &&
      typeof metadata.metatype === 'function' &&
      !NOT_DTOS.includes(metadata.metatype);
    if (dto && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'validation failed',
        errors: [
          {
            field: '(body)',
            messages: [
              `the body must be a JSON object, not ${Array.isArray(value) ? 'an array' : typeof value}`,
            ],
          },
        ],
      });
    return super.transform(value, metadata);
  }
}

/** Whitelisting, no unknown fields, types transformed, and a 400 that names every bad field. */
export function validationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'validation failed',
        errors: fieldProblems(errors),
      }),
  });
}
