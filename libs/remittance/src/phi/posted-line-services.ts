import { EntityManager } from 'typeorm';
import { BilledService, LINE_POSTING_SERVICE, POSTING_LINE_SERVICES } from './remittance-phi.entities';

/** A posted line as read: its own sealed service (lines posted before migration 497) or its posting's. */
export interface PostedLineRef {
  postingId: string;
  position: number;
  /** line_posting.service */
  service: string | null;
  /** claim_posting.line_services */
  lineServices: string | null;
}

/**
 * Opens the payer's procedure and modifiers of posted lines for one authorized read: a posting's
 * sealed lines are opened once, however many of its lines the read shows.
 */
export class PostedLineServices {
  private readonly opened = new Map<string, BilledService[]>();

  constructor(private readonly m: EntityManager) {}

  of(line: PostedLineRef): BilledService | undefined {
    if (line.service)
      return LINE_POSTING_SERVICE.open(this.m, `${line.postingId},${line.position}`, line.service);
    if (!line.lineServices) return undefined;
    let services = this.opened.get(line.postingId);
    if (!services) {
      services = POSTING_LINE_SERVICES.open(this.m, line.postingId, line.lineServices);
      this.opened.set(line.postingId, services);
    }
    return services[line.position - 1];
  }
}
