import { EntityManager } from 'typeorm';
import { BilledService, LEDGER_LINE_SERVICE, LEDGER_LINE_SERVICES } from '../phi/remittance-phi.entities';

/**
 * A ledger claim's billed procedures and modifiers, opened when matching first asks (a claim whose
 * lines the payer all names by REF*6R never is): from the claim's one sealed value
 * (claim_ledger.line_services, since migration 498), else from the line's own.
 */
export class BilledServices {
  private byLine: Map<number, BilledService> | undefined;

  constructor(
    private readonly m: EntityManager,
    private readonly claimId: string,
    private readonly sealed: string | null,
  ) {}

  of(lineNumber: number, lineSealed: string | null): BilledService {
    if (this.sealed && !this.byLine)
      this.byLine = new Map(
        LEDGER_LINE_SERVICES.open(this.m, this.claimId, this.sealed).map((s) => [
          s.lineNumber,
          { procedureCode: s.procedureCode, modifiers: s.modifiers },
        ]),
      );
    const service = this.byLine?.get(lineNumber);
    if (service) return service;
    if (!lineSealed) throw new Error(`billed line ${lineNumber} of claim ${this.claimId} has no service`);
    return LEDGER_LINE_SERVICE.open(this.m, `${this.claimId},${lineNumber}`, lineSealed);
  }
}
