import { Injectable } from '@nestjs/common';
import { CoverageSnapshot, EventEnvelope, PayerSnapshot } from '@revcycle/contracts';
import { EntityManager, In } from 'typeorm';
import { ClaimParties } from '../claim/claim.entity';
import { PartyKind, PartySnapshotRow } from './party-snapshot.entity';

export type ClaimPartyName = keyof ClaimParties | 'payer';

export interface RefreshedParties {
  parties: ClaimParties;
  /** Which of the claim's parties took a newer snapshot. */
  refreshed: ClaimPartyName[];
}

/** The latest party snapshots claims has received, and a claim's parties rebuilt from them. */
@Injectable()
export class PartySnapshots {
  /** Inside the consumer's inbox transaction; an event older than the stored snapshot changes nothing. */
  async record(m: EntityManager, kind: PartyKind, partyId: string, event: EventEnvelope, snapshot: unknown) {
    const repo = m.getRepository(PartySnapshotRow);
    const occurredAt = new Date(event.occurredAt);
    const stored = await repo.findOne({ where: { kind, partyId }, lock: { mode: 'pessimistic_write' } });
    if (stored && stored.occurredAt > occurredAt) return;
    await repo.save({ kind, partyId, snapshot, occurredAt, eventId: event.id });
  }

  /** The claim's patient, coverage (subscriber), payer and providers, each from its latest snapshot if newer. */
  async refresh(m: EntityManager, current: ClaimParties): Promise<RefreshedParties> {
    const providers = ['billingProvider', 'renderingProvider', 'referringProvider'] as const;
    const ids = [current.patient.id, current.coverage.id, ...providers.map((p) => current[p]?.id)];
    const rows = await m
      .getRepository(PartySnapshotRow)
      .findBy({ partyId: In(ids.filter((id): id is string => Boolean(id))) });
    const latest = (kind: PartyKind, id: string | undefined) =>
      rows.find((r) => r.kind === kind && r.partyId === id);
    const parties: ClaimParties = { ...current };
    const refreshed: ClaimPartyName[] = [];
    const take = <K extends keyof ClaimParties>(name: K, row: PartySnapshotRow | undefined) => {
      if (!row || JSON.stringify(row.snapshot) === JSON.stringify(current[name])) return;
      parties[name] = row.snapshot as ClaimParties[K];
      refreshed.push(name);
    };
    take('patient', latest('patient', current.patient.id));
    const coverageRow = latest('coverage', current.coverage.id);
    take('coverage', coverageRow);
    for (const p of providers) if (current[p]) take(p, latest('provider', current[p]?.id));
    // After the coverage: a corrected coverage may name another payer.
    const payerRow = await m
      .getRepository(PartySnapshotRow)
      .findOneBy({ kind: 'payer', partyId: parties.coverage.payer.id });
    const payer = newerPayer(payerRow ?? undefined, coverageRow);
    if (payer && JSON.stringify(payer) !== JSON.stringify(parties.coverage.payer)) {
      parties.coverage = { ...parties.coverage, payer };
      refreshed.push('payer');
    }
    return { parties, refreshed };
  }
}

/** A coverage snapshot embeds its payer as it was then: a payer snapshot wins only when newer. */
function newerPayer(
  payerRow: PartySnapshotRow | undefined,
  coverageRow: PartySnapshotRow | undefined,
): PayerSnapshot | undefined {
  if (!payerRow) return undefined;
  if (coverageRow && coverageRow.occurredAt > payerRow.occurredAt)
    return (coverageRow.snapshot as CoverageSnapshot).payer;
  return payerRow.snapshot as PayerSnapshot;
}
