import { AuditEntry } from './audit-trail';
import { ANONYMOUS, RefusalBuffer } from './refusal-buffer';

const refusal = (operation: string, requestId: string): AuditEntry => ({
  resourceType: 'Patient',
  action: 'read',
  operation,
  outcome: 'refused',
  requestId,
  sourceIp: '203.0.113.9',
});

describe('refused requests past the bound of a flush', () => {
  it('are itemized up to the bound per service, then counted per status and operation, exactly', () => {
    const buffer = new RefusalBuffer<string>(3);
    const at = '2026-12-02T00:00:00.000Z';
    for (let i = 0; i < 5; i++)
      buffer.add('charts', 401, ANONYMOUS, refusal('GET /patients/:id', `a${i}`), at);
    buffer.add('charts', 403, { id: 'u1', role: 'finance' }, refusal('GET /patients/:id', 'b'), at);
    buffer.add('charts', 401, ANONYMOUS, refusal('GET /encounters', 'c'), at);
    buffer.add('claims', 401, ANONYMOUS, refusal('GET /claims', 'd'), at);
    expect(buffer.waiting).toBe(4);

    const taken = new Map(buffer.take());
    expect(taken.get('charts')).toEqual([
      { actor: ANONYMOUS, entry: refusal('GET /patients/:id', 'a0'), at },
      { actor: ANONYMOUS, entry: refusal('GET /patients/:id', 'a1'), at },
      { actor: ANONYMOUS, entry: refusal('GET /patients/:id', 'a2'), at },
      // Neither request ids nor source addresses of the uncounted: one entry per status and route.
      {
        actor: ANONYMOUS,
        entry: {
          resourceType: 'Patient',
          action: 'read',
          operation: 'GET /patients/:id ×2 not itemized',
          outcome: 'refused',
        },
      },
      {
        actor: ANONYMOUS,
        entry: {
          resourceType: 'Patient',
          action: 'read',
          operation: 'GET /patients/:id ×1 not itemized',
          outcome: 'refused',
        },
      },
      {
        actor: ANONYMOUS,
        entry: {
          resourceType: 'Patient',
          action: 'read',
          operation: 'GET /encounters ×1 not itemized',
          outcome: 'refused',
        },
      },
    ]);
    expect(taken.get('claims')).toEqual([{ actor: ANONYMOUS, entry: refusal('GET /claims', 'd'), at }]);
    expect(buffer.take()).toEqual([]);
    expect(buffer.waiting).toBe(0);
  });
});
