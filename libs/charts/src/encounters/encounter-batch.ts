import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { AuditInTransaction, FieldProblem, fieldProblems } from '@revcycle/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateEncounterDto } from './dto/encounter.dto';
import {
  EncounterBatchItemResult,
  EncounterBatchResponse,
  MAX_ENCOUNTERS_PER_BATCH,
} from './dto/encounter-batch.dto';
import type { CreatedEncounter } from './encounters.service';

/** Encounters stored side by side (each its own transaction): enough to overlap round trips, few enough to leave the pool to other requests. */
const STORED_AT_ONCE = 4;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /encounters/batch`: each encounter validated as `POST /encounters` validates it and stored
 * in a transaction of its own with its audit entry, so one bad encounter refuses only itself; the
 * results come back in order, errors located as `encounters.<index>.<field>`. The refused ones are
 * audited as failures together at the end.
 */
export async function storeEncounterBatch(
  items: object[],
  create: (dto: CreateEncounterDto, audit: AuditInTransaction) => Promise<CreatedEncounter>,
  audit: AuditInTransaction,
): Promise<EncounterBatchResponse> {
  if (items.length > MAX_ENCOUNTERS_PER_BATCH)
    throw new PayloadTooLargeException({
      statusCode: 413,
      error: 'Payload Too Large',
      message: `at most ${MAX_ENCOUNTERS_PER_BATCH} encounters per batch, got ${items.length}: split the feed`,
      errors: [
        { field: 'encounters', messages: [`must contain at most ${MAX_ENCOUNTERS_PER_BATCH} elements`] },
      ],
    });
  const results: EncounterBatchItemResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await storeOne(items[index], index, create, audit);
  };
  await Promise.all(Array.from({ length: Math.min(STORED_AT_ONCE, items.length) }, worker));
  const refused = results.filter((r) => r.status !== 201);
  await audit.recordFailures(
    refused.map((r) => {
      const patientId = (items[r.index] as { patientId?: unknown }).patientId;
      return typeof patientId === 'string' && UUID.test(patientId) ? { patientId } : {};
    }),
  );
  return { stored: results.length - refused.length, refused: refused.length, results };
}

async function storeOne(
  item: object,
  index: number,
  create: (dto: CreateEncounterDto, audit: AuditInTransaction) => Promise<CreatedEncounter>,
  audit: AuditInTransaction,
): Promise<EncounterBatchItemResult> {
  const at = `encounters.${index}`;
  const dto = plainToInstance(CreateEncounterDto, item);
  const invalid = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (invalid.length > 0) return { index, status: 400, errors: fieldProblems(invalid, at) };
  try {
    const stored = await create(dto, audit);
    return {
      index,
      status: 201,
      id: stored.id,
      warnings: stored.warnings.map((w) => ({ ...w, field: `${at}.${w.field}` })),
    };
  } catch (err) {
    if (!(err instanceof BadRequestException)) throw err;
    const body = err.getResponse() as { errors?: FieldProblem[]; message?: string };
    const errors = (body.errors ?? [{ field: '', messages: [String(body.message)] }]).map((e) => ({
      ...e,
      field: e.field ? `${at}.${e.field}` : at,
    }));
    return { index, status: 400, errors };
  }
}
