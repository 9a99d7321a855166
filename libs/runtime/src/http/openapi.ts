import { INestApplication, Param, ParseUUIDPipe, Type, applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  DocumentBuilder,
  OpenAPIObject,
  SwaggerModule,
  getSchemaPath,
} from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'address.state' }) field!: string;
  @ApiProperty({ type: [String], example: ['state must be a USPS state code (e.g. IL, DC, PR, AE)'] })
  messages!: string[];
}

/** The one error shape of every service (README "HTTP API"). */
export class ProblemDto {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'validation failed' }) message!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'one entry per field at fault' })
  errors?: FieldProblemDto[];
}

export class FieldWarningDto {
  @ApiProperty({ example: 'procedures.1.code' }) field!: string;
  @ApiProperty({
    example: 'Q9999 is not in the packaged CPT/HCPCS code set: accepted, check it before billing',
  })
  message!: string;
}

/** 200 with a page `{total, items}` of `item`. */
export const ApiPageOf = (item: Type<unknown>, description = 'one page, in a stable order') =>
  applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['total', 'items'],
        properties: {
          total: { type: 'integer', minimum: 0, description: 'rows matching the filter, all pages' },
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
        },
      },
    }),
  );

/** A uuid path parameter (`:id`): parsed by ParseUUIDPipe (400 otherwise), documented as format uuid. */
export const PathUuid =
  (name = 'id', description?: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key !== undefined && descriptor)
      ApiParam({ name, schema: { type: 'string', format: 'uuid' }, description })(target, key, descriptor);
  };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const PROBLEMS: Record<string, string> = {
  '400': 'bad input: each field at fault named in `errors`',
  '401': 'no bearer token, or one that does not verify',
  '403': "the token's role lacks the permission",
  '404': 'no such resource',
  '409': 'conflicts with what is stored',
  '413': 'the body is larger than HTTP_BODY_LIMIT',
  '415': 'the body is not JSON in UTF-8',
};

/**
 * The service's OpenAPI document (served at /docs): the operations as their decorators describe
 * them, plus the problem shape on every error a request can get anywhere — 400 (bad input) where
 * there are parameters or a body, 401/403 where a bearer token is required, 413/415 where a body is read — so a client
 * generator sees one error type. 404/409 are documented where they can happen, by the handler.
 */
export function openApiDocument(app: INestApplication, title: string, description: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  const problem = { $ref: getSchemaPath(ProblemDto) };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = path[method];
      if (!op) continue;
      const statuses = op.parameters?.length || op.requestBody ? ['400'] : [];
      if (op.security?.length) statuses.push('401', '403');
      if (op.requestBody) statuses.push('413', '415');
      for (const [status, response] of Object.entries(op.responses)) {
        if (PROBLEMS[status] && response && !('$ref' in response))
          response.content = { 'application/json': { schema: problem } };
      }
      for (const status of statuses)
        op.responses[status] ??= {
          description: PROBLEMS[status],
          content: { 'application/json': { schema: problem } },
        };
    }
  }
  return document;
}
