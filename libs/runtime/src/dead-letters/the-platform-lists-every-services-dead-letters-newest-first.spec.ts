import { DeadLetterView, DeadLetters } from '@revcycle/messaging';
import { AuditTrail } from '../audit/audit-trail';
import { DeadLetterDesk, DeadLetterReachExceeded, MAX_MERGED_REACH } from './dead-letter-desk';

const letter = (service: string, n: number): DeadLetterView => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  service,
  consumer: `${service}.intake`,
  topic: 't',
  key: 'k',
  eventId: null,
  eventType: 't',
  error: 'e',
  errors: ['e'],
  attempts: 1,
  deadLetteredAt: new Date(Date.UTC(2026, 11, 3, 12, 0, n)).toISOString(),
  status: 'open',
  resolvedAt: null,
  resolvedBy: null,
  discardReason: null,
  parkedCount: 0,
});

/** A service's DeadLetters over a fixed list (newest first, as the table answers). */
const service = (views: DeadLetterView[]) =>
  ({
    list: async (_filter: unknown, page: { limit: number; offset: number }) => ({
      total: views.length,
      items: [...views].reverse().slice(page.offset, page.offset + page.limit),
    }),
    find: async (id: string) => views.find((v) => v.id === id),
  }) as unknown as DeadLetters;

/** The platform's one desk over its services' schemas (GET /admin/dead-letters once per process). */
describe('the platform lists every service’s dead letters, newest first', () => {
  const desk = new DeadLetterDesk();
  const trail = {} as AuditTrail;
  desk.register('claims', { letters: service([letter('claims', 1), letter('claims', 4)]), trail });
  desk.register('coding', {
    letters: service([letter('coding', 2), letter('coding', 3), letter('coding', 5)]),
    trail,
  });

  it('merges the pages of every service in one order, with the sum of their totals', async () => {
    const all = await desk.list({}, { limit: 10, offset: 0 });
    expect(all.total).toBe(5);
    expect(all.items.map((l) => `${l.service}:${l.deadLetteredAt.slice(17, 19)}`)).toEqual([
      'coding:05',
      'claims:04',
      'coding:03',
      'coding:02',
      'claims:01',
    ]);
    const second = await desk.list({}, { limit: 2, offset: 2 });
    expect(second.items.map((l) => l.deadLetteredAt.slice(17, 19))).toEqual(['03', '02']);
  });

  it('narrows to one service, finds a letter in whichever holds it, and bounds a merged page', async () => {
    expect((await desk.list({ service: 'claims' }, { limit: 10, offset: 0 })).total).toBe(2);
    expect((await desk.find(letter('coding', 3).id))?.letter.service).toBe('coding');
    expect(await desk.find('00000000-0000-4000-8000-999999999999')).toBeUndefined();
    await expect(desk.list({}, { limit: 50, offset: MAX_MERGED_REACH })).rejects.toThrow(
      DeadLetterReachExceeded,
    );
  });
});
