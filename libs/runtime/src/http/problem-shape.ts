import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FieldProblem } from './validation';

/** The one error shape every revcycle endpoint answers with (never a stack trace). */
export interface Problem {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
}

export function problem(statusCode: number, message: string, errors?: FieldProblem[]): Problem {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errors ? { errors } : {}) };
}

/** An exception that answers exactly this problem. */
export const problemException = (p: Problem) => new HttpException(p, p.statusCode);
