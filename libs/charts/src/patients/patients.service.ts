import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Payer } from '../payers/payer.entity';
import { fieldError, notFound } from '../shared/field-error';
import { CreateCoverageDto, CreatePatientDto } from './dto/patient.dto';
import { Coverage } from './coverage.entity';
import { Patient } from './patient.entity';

@Injectable()
export class PatientsService {
  constructor(@InjectDataSource('charts') private readonly db: DataSource) {}

  async create(dto: CreatePatientDto): Promise<Patient> {
    const patient = this.db.getRepository(Patient).create({ id: randomUUID(), ...dto });
    return this.db.getRepository(Patient).save(patient);
  }

  async get(id: string): Promise<Patient> {
    const patient = await this.db.getRepository(Patient).findOneBy({ id });
    if (!patient) throw notFound('patient', id);
    return patient;
  }

  async list(limit: number, offset: number): Promise<Patient[]> {
    return this.db.getRepository(Patient).find({ order: { createdAt: 'DESC' }, take: limit, skip: offset });
  }

  async addCoverage(patientId: string, dto: CreateCoverageDto): Promise<Coverage & { patientId: string }> {
    const patient = await this.get(patientId);
    const payer = await this.db.getRepository(Payer).findOneBy({ id: dto.payerId });
    if (!payer)
      throw fieldError('payerId', `payer ${dto.payerId} does not exist (create it with POST /payers)`);
    if (dto.relationship !== 'self' && !dto.subscriber) {
      throw fieldError(
        'subscriber',
        "subscriber is required when the patient is not the subscriber (relationship other than 'self')",
      );
    }
    const subscriber = dto.subscriber ?? {
      firstName: patient.firstName,
      lastName: patient.lastName,
      dateOfBirth: patient.dateOfBirth,
      sex: patient.sex,
      address: patient.address,
    };
    const coverage = this.db.getRepository(Coverage).create({
      id: randomUUID(),
      patientId,
      payerId: dto.payerId,
      memberId: dto.memberId,
      groupNumber: dto.groupNumber ?? null,
      relationship: dto.relationship,
      subscriber,
    });
    return this.db.getRepository(Coverage).save(coverage);
  }

  async coverages(patientId: string): Promise<Coverage[]> {
    await this.get(patientId);
    return this.db.getRepository(Coverage).find({ where: { patientId }, order: { createdAt: 'ASC' } });
  }
}
