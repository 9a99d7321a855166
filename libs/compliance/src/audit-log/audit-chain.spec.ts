import { randomBytes } from 'node:crypto';
import {
  AuditChainKey,
  ChainVerifier,
  ChainedEntry,
  ChainedFields,
  GENESIS_HASH,
  KEYED_EPOCH,
  LEGACY_EPOCH,
  keyedChainHash,
  legacyChainHash,
} from './audit-chain';

const key = new AuditChainKey(randomBytes(32));

function fields(seq: number): ChainedFields {
  return {
    seq,
    eventId: `e${seq}`,
    service: 'charts',
    action: 'read',
    resourceType: 'Patient',
    resourceId: `p${seq}`,
    patientId: `p${seq}`,
    actorId: 'u1',
    actorRole: 'biller',
    outcome: 'success',
    occurredAt: '2026-11-25T10:00:00.000Z',
    operation: 'GET /patients/:id',
    requestId: null,
    sourceIp: null,
  };
}

/** `legacy` unkeyed entries first (as stored before the keyed epoch), then `keyed` HMAC'd ones. */
function chain(keyed: number, legacy = 0): ChainedEntry[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: legacy + keyed }, (_, i) => {
    const f = fields(i + 1);
    const epoch = i < legacy ? LEGACY_EPOCH : KEYED_EPOCH;
    const hash = epoch === LEGACY_EPOCH ? legacyChainHash(prev, f) : keyedChainHash(key, prev, f);
    const row = { ...f, epoch, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

function verify(rows: ChainedEntry[], legacyThrough?: number, k = key) {
  const v = new ChainVerifier(k, legacyThrough);
  for (const row of rows) if (!v.push(row)) break;
  return { broken: v.broken, entries: v.entries, head: v.head?.seq };
}

/** What a database administrator can do without the key: recompute plain SHA-256 links from `from` on. */
function rehashUnkeyed(rows: ChainedEntry[], from: number, epoch = KEYED_EPOCH): ChainedEntry[] {
  let prev = from === 0 ? GENESIS_HASH : rows[from - 1].hash;
  return rows.map((r, i) => {
    if (i < from) return r;
    const hash = legacyChainHash(prev, r);
    const row = { ...r, epoch, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('keyed (HMAC-SHA-256) audit chain', () => {
  it('verifies an intact chain', () =>
    expect(verify(chain(5))).toEqual({ broken: undefined, entries: 5, head: 5 }));

  it('names an altered entry', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actorId: 'someone-else' };
    expect(verify(rows).broken).toEqual({
      brokenAt: 3,
      brokenEntryId: 'e3',
      reason: 'entry content does not match its HMAC',
    });
  });

  it('names a removed entry', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verify(rows).broken).toMatchObject({ brokenAt: 3, reason: 'entry 2 is missing' });
  });

  it('catches an entry rewritten with the plain SHA-256 chain recomputed after it', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3], actorId: 'x' };
    expect(verify(rehashUnkeyed(rows, 3)).broken).toMatchObject({ brokenAt: 4 });
  });

  it('catches rewritten entries relabelled as unkeyed after the keyed epoch began', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3], actorId: 'x' };
    expect(verify(rehashUnkeyed(rows, 3, LEGACY_EPOCH)).broken).toEqual({
      brokenAt: 4,
      brokenEntryId: 'e4',
      reason: 'unkeyed entry after the keyed epoch began',
    });
  });

  it('catches a whole chain relabelled as unkeyed once a checkpoint says none was', () => {
    const forged = rehashUnkeyed(chain(4), 0, LEGACY_EPOCH);
    expect(verify(forged).broken).toBeUndefined();
    expect(verify(forged, 0).broken).toMatchObject({ brokenAt: 1 });
  });

  it('needs the key: the same chain under another key does not verify', () =>
    expect(verify(chain(3), undefined, new AuditChainKey(randomBytes(32))).broken).toMatchObject({
      brokenAt: 1,
    }));

  it('continues an unkeyed chain with a keyed epoch that pins the old entries', () => {
    const rows = chain(3, 4);
    expect(verify(rows, 4)).toEqual({ broken: undefined, entries: 7, head: 7 });
    const rewritten = rehashUnkeyed(
      rows.map((r, i) => (i === 1 ? { ...r, actorId: 'x' } : r)),
      1,
      LEGACY_EPOCH,
    ).map((r, i) => (i < 4 ? r : rows[i]));
    expect(verify(rewritten, 4).broken).toEqual({
      brokenAt: 5,
      brokenEntryId: 'e5',
      reason: 'link to the previous entry does not match',
    });
  });
});
