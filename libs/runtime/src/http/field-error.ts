import { BadRequestException } from '@nestjs/common';
import { FieldProblem } from './validation';

/** A 400 in the validation pipe's shape, naming the field(s) at fault. */
export function fieldError(field: string, message: string): BadRequestException {
  return fieldErrors([{ field, messages: [message] }]);
}

export function fieldErrors(errors: FieldProblem[], message = 'validation failed'): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
