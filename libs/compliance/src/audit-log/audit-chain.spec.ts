import { ChainedFields, GENESIS_HASH, chainHash, verifyChain } from './audit-chain';

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const f: ChainedFields = {
      seq: i + 1,
      eventId: `e${i}`,
      service: 'charts',
      action: 'read',
      resourceType: 'Patient',
      resourceId: `p${i}`,
      patientId: `p${i}`,
      actorId: 'u1',
      actorRole: 'biller',
      outcome: 'success',
      occurredAt: '2026-11-25T10:00:00.000Z',
      operation: 'GET /patients/:id',
      requestId: null,
      sourceIp: null,
    };
    const hash = chainHash(prev, f);
    const row = { ...f, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('tamper-evident audit chain', () => {
  it('verifies an intact chain', () => expect(verifyChain(chain(5))).toEqual({ ok: true, entries: 5 }));

  it('detects an altered entry', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actorId: 'someone-else' };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'entry content does not match its hash',
    });
  });

  it('detects a removed entry', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3, reason: 'entry 2 is missing' });
  });

  it('detects a re-hashed forgery by the broken link to the next entry', () => {
    const rows = chain(4);
    const forged = { ...rows[1], actorId: 'x' };
    forged.hash = chainHash(forged.prevHash, forged);
    rows[1] = forged;
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
