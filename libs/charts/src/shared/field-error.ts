import { ConflictException, NotFoundException } from '@nestjs/common';

export { fieldError } from '@revcycle/runtime';
export const notFound = (what: string, id: string) => new NotFoundException(`${what} ${id} not found`);
export const conflict = (message: string) => new ConflictException(message);
