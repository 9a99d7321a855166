import { Injectable } from '@nestjs/common';
import { DeadLetterFilter, DeadLetterView, DeadLetters, TopicHandlerInvoker } from '@revcycle/messaging';
import { AuditTrail } from '../audit/audit-trail';

/** Hands a message to the process's @EventPattern handler of its topic (bound by bootstrapService). */
export const TOPIC_HANDLERS = Symbol('TOPIC_HANDLERS');

/** Until a transport is bound (a module built without bootstrapService): nothing can be replayed. */
export const NO_TOPIC_HANDLERS: TopicHandlerInvoker = async (topic) => {
  throw new Error(`no transport in this process handles ${topic}`);
};

export interface ServiceDeadLetters {
  letters: DeadLetters;
  trail: AuditTrail;
}

/** Across services, a page reaches at most this far (offset + limit): filter by service beyond it. */
export const MAX_MERGED_REACH = 10_000;

export class DeadLetterReachExceeded extends Error {}

/**
 * The dead letters of every service schema of the process (one in a service, five in the
 * platform), each registered by its ServiceMessagingModule: what GET /admin/dead-letters lists
 * and the replay and discard actions find their dead letter in.
 */
@Injectable()
export class DeadLetterDesk {
  private readonly services = new Map<string, ServiceDeadLetters>();

  register(schema: string, entry: ServiceDeadLetters): void {
    this.services.set(schema, entry);
  }

  get schemas(): string[] {
    return [...this.services.keys()];
  }

  service(schema: string): ServiceDeadLetters | undefined {
    return this.services.get(schema);
  }

  /** The first registered service (the only one in a service process): where a list is audited. */
  first(): ServiceDeadLetters | undefined {
    return this.services.values().next().value;
  }

  async find(id: string): Promise<{ entry: ServiceDeadLetters; letter: DeadLetterView } | undefined> {
    for (const entry of this.services.values()) {
      const letter = await entry.letters.find(id);
      if (letter) return { entry, letter };
    }
    return undefined;
  }

  /**
   * Newest first, across the services asked for: one service's page is read as is; several are
   * merged (each read up to offset + limit, at most MAX_MERGED_REACH).
   */
  async list(
    filter: DeadLetterFilter & { service?: string },
    page: { limit: number; offset: number },
  ): Promise<{ total: number; items: DeadLetterView[] }> {
    const entries = [...this.services.entries()]
      .filter(([schema]) => filter.service === undefined || schema === filter.service)
      .map(([, entry]) => entry);
    if (entries.length === 0) return { total: 0, items: [] };
    if (entries.length === 1) return entries[0].letters.list(filter, page);
    const reach = page.offset + page.limit;
    if (reach > MAX_MERGED_REACH)
      throw new DeadLetterReachExceeded(
        `offset + limit may reach at most ${MAX_MERGED_REACH} across services: filter by service to page further`,
      );
    const pages = await Promise.all(entries.map((e) => e.letters.list(filter, { limit: reach, offset: 0 })));
    const items = pages
      .flatMap((p) => p.items)
      .sort((a, b) =>
        a.deadLetteredAt === b.deadLetteredAt
          ? b.id.localeCompare(a.id)
          : b.deadLetteredAt.localeCompare(a.deadLetteredAt),
      );
    return {
      total: pages.reduce((n, p) => n + p.total, 0),
      items: items.slice(page.offset, reach),
    };
  }
}
