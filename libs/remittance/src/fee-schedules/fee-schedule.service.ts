import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FeeScheduleResponse, PutFeeScheduleDto } from './dto/fee-schedule.dto';

/** Fee schedule versions in PostgreSQL: a PUT replaces one version whole, in one transaction. */
@Injectable()
export class FeeScheduleService {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  async put(payerId: string, dto: PutFeeScheduleDto, by: string): Promise<FeeScheduleResponse> {
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO remittance.fee_schedule (payer_id, effective_date, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (payer_id, effective_date) DO UPDATE SET updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [payerId, dto.effectiveDate, by],
      );
      await m.query(`DELETE FROM remittance.fee_schedule_rate WHERE payer_id = $1 AND effective_date = $2`, [
        payerId,
        dto.effectiveDate,
      ]);
      await m.query(
        `INSERT INTO remittance.fee_schedule_rate (payer_id, effective_date, procedure_code, modifier, allowed_cents)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[])`,
        [
          payerId,
          dto.effectiveDate,
          dto.rates.map((r) => r.procedureCode.toUpperCase()),
          dto.rates.map((r) => (r.modifier ?? '').toUpperCase()),
          dto.rates.map((r) => r.allowedCents),
        ],
      );
      return this.version(m, payerId, dto.effectiveDate);
    });
  }

  /** The version in effect on `asOf`: the latest whose effective date is not after it. */
  async inEffect(payerId: string, asOf: string): Promise<FeeScheduleResponse> {
    const [row] = (await this.db.query(
      `SELECT to_char(max(effective_date), 'YYYY-MM-DD') AS date FROM remittance.fee_schedule
        WHERE payer_id = $1 AND effective_date <= $2`,
      [payerId, asOf],
    )) as Array<{ date: string | null }>;
    if (!row?.date) throw new NotFoundException(`no fee schedule of payer ${payerId} in effect on ${asOf}`);
    return this.version(this.db.manager, payerId, row.date);
  }

  private async version(
    m: EntityManager,
    payerId: string,
    effectiveDate: string,
  ): Promise<FeeScheduleResponse> {
    const rates = (await m.query(
      `SELECT procedure_code AS "procedureCode", modifier, allowed_cents::float8 AS "allowedCents"
         FROM remittance.fee_schedule_rate WHERE payer_id = $1 AND effective_date = $2
        ORDER BY procedure_code, modifier`,
      [payerId, effectiveDate],
    )) as FeeScheduleResponse['rates'];
    const versions = (await m.query(
      `SELECT to_char(effective_date, 'YYYY-MM-DD') AS date FROM remittance.fee_schedule WHERE payer_id = $1 ORDER BY 1`,
      [payerId],
    )) as Array<{ date: string }>;
    return { payerId, effectiveDate, rates, versions: versions.map((v) => v.date) };
  }
}
