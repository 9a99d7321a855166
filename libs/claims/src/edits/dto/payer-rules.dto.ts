import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPERATORS, PayerRule, PayerRuleSet } from '@revcycle/edit-engine';
import { IsText } from '@revcycle/runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  ValidateNested,
  registerDecorator,
} from 'class-validator';

const MAX_DEPTH = 16;
const LIST_OPERATORS = new Set(['in', 'notIn', 'includesAny', 'includesNone']);
const NUMBER_OPERATORS = new Set(['gt', 'gte', 'lt', 'lte']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shape problems of a rule condition, each with its JSON path; the compiler checks the meaning. */
export function conditionProblems(cond: unknown, path: string, depth = 0): string[] {
  if (!isRecord(cond)) return [`${path}: expects a condition object (all / any / not / field)`];
  if (depth >= MAX_DEPTH) return [`${path}: conditions nest at most ${MAX_DEPTH} deep`];
  const keys = Object.keys(cond);
  for (const group of ['all', 'any'] as const) {
    if (!(group in cond)) continue;
    const parts = cond[group];
    if (keys.length !== 1) return [`${path}: "${group}" stands alone in its object`];
    if (!Array.isArray(parts) || parts.length === 0) return [`${path}.${group}: expects a non-empty array`];
    return parts.flatMap((c, i) => conditionProblems(c, `${path}.${group}[${i}]`, depth + 1));
  }
  if ('not' in cond) {
    if (keys.length !== 1) return [`${path}: "not" stands alone in its object`];
    return conditionProblems(cond['not'], `${path}.not`, depth + 1);
  }
  if (typeof cond['field'] !== 'string') return [`${path}.field: expects a field name`];
  return leafProblems(cond, keys, path);
}

function leafProblems(cond: Record<string, unknown>, keys: string[], path: string): string[] {
  const ops = keys.filter((k) => k !== 'field');
  if (ops.length !== 1 || !(OPERATORS as readonly string[]).includes(ops[0]))
    return [`${path}: needs exactly one operator of ${OPERATORS.join(', ')}`];
  const op = ops[0];
  const arg = cond[op];
  const scalar = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (LIST_OPERATORS.has(op) && !(Array.isArray(arg) && arg.every(scalar)))
    return [`${path}.${op}: expects an array of strings or numbers`];
  if (NUMBER_OPERATORS.has(op) && !(typeof arg === 'number' && Number.isFinite(arg)))
    return [`${path}.${op}: expects a number`];
  if (op === 'matches' && typeof arg !== 'string')
    return [`${path}.matches: expects a regular expression string`];
  if (op === 'exists' && typeof arg !== 'boolean') return [`${path}.exists: expects true or false`];
  if (['equals', 'notEquals', 'includes'].includes(op) && !scalar(arg) && typeof arg !== 'boolean')
    return [`${path}.${op}: expects a string, number or boolean`];
  return [];
}

/** Shape problems of `payers`: payer id → { name?, timelyFilingDays? }. */
export function payerSettingsProblems(v: unknown): string[] {
  if (!isRecord(v)) return ['payers: expects an object keyed by payer id'];
  return Object.entries(v).flatMap(([id, cfg]) => {
    if (!isRecord(cfg)) return [`payers.${id}: expects an object`];
    const out = Object.keys(cfg)
      .filter((k) => k !== 'name' && k !== 'timelyFilingDays')
      .map((k) => `payers.${id}.${k}: unknown setting (known: name, timelyFilingDays)`);
    if (cfg['name'] !== undefined && typeof cfg['name'] !== 'string')
      out.push(`payers.${id}.name: expects a string`);
    const days = cfg['timelyFilingDays'];
    if (days !== undefined && !(Number.isInteger(days) && (days as number) > 0 && (days as number) <= 3650))
      out.push(`payers.${id}.timelyFilingDays: expects a whole number of days, 1–3650`);
    return out;
  });
}

/** A property whose shape `problems` checks; the 400 carries every located problem. */
function ShapeChecked(name: string, problems: (value: unknown, property: string) => string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        validate: (v: unknown) => problems(v, propertyName).length === 0,
        defaultMessage: (args) => problems(args?.value, propertyName).join('; '),
      },
    });
}

const IsRuleCondition = () =>
  ShapeChecked('isRuleCondition', (v, property) => conditionProblems(v, property));

const CONDITION_SCHEMA = {
  type: 'object',
  description:
    'a condition: {all:[…]}, {any:[…]}, {not:{…}} or {field, <operator>: value}; operators: ' +
    OPERATORS.join(', '),
  additionalProperties: true,
} as const;

export class PayerRuleDto implements PayerRule {
  @ApiProperty({ example: 'ACME-TELEHEALTH-95' }) @IsText(64) id!: string;
  @ApiPropertyOptional({ type: [String], description: 'payer ids the rule applies to (absent: every payer)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  payers?: string[];
  @ApiPropertyOptional({ enum: ['claim', 'line'] }) @IsOptional() @IsIn(['claim', 'line']) scope?:
    'claim' | 'line';
  @ApiPropertyOptional({ enum: ['reject', 'warn'] }) @IsOptional() @IsIn(['reject', 'warn']) severity?:
    'reject' | 'warn';
  @ApiPropertyOptional(CONDITION_SCHEMA) @IsOptional() @IsRuleCondition() when?: PayerRule['when'];
  @ApiPropertyOptional(CONDITION_SCHEMA) @IsOptional() @IsRuleCondition() require?: PayerRule['require'];
  @ApiProperty({ description: 'message; {field} placeholders take the value, {line} the line number' })
  @IsText(500)
  message!: string;
}

/** The body of `PUT /claims/payer-rules`: its shape is checked here, its meaning by the rule compiler. */
export class PayerRuleSetDto implements PayerRuleSet {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        timelyFilingDays: { type: 'integer', minimum: 1, maximum: 3650 },
      },
    },
    description: 'per payer id: name, timely-filing limit in days',
  })
  @IsOptional()
  @ShapeChecked('isPayerSettings', payerSettingsProblems)
  payers?: PayerRuleSet['payers'];

  @ApiPropertyOptional({ type: [PayerRuleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PayerRuleDto)
  rules?: PayerRuleDto[];
}
