import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** 400 naming the fields at fault, in the same shape as the validation pipe's. */
export function fieldError(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field, messages: [message] }] });
}

export const notFound = (what: string, id: string) => new NotFoundException(`${what} ${id} not found`);
export const conflict = (message: string) => new ConflictException(message);
