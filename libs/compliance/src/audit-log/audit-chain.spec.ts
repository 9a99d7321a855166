import { randomBytes } from 'node:crypto';
import {
  AuditChainKey,
  ChainVerifier,
  ChainedEntry,
  ChainedFields,
  GENESIS_HASH,
  KEYED_EPOCH,
  LEGACY_EPOCH,
  SEGMENTED_EPOCH,
  SegmentedChainVerifier,
  keyedChainHash,
  legacyChainHash,
  segmentedChainHash,
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
    const row = { ...f, segment: 0, epoch, prevHash: prev, hash };
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
      segment: 0,
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
      segment: 0,
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
      segment: 0,
      brokenAt: 5,
      brokenEntryId: 'e5',
      reason: 'link to the previous entry does not match',
    });
  });
});

/** `count` entries of segment `segment` (epoch 2), its first linked to `start` (segment 0's head). */
function segmentChain(segment: number, count: number, start = GENESIS_HASH): ChainedEntry[] {
  let prev = start;
  return Array.from({ length: count }, (_, i) => {
    const f = { ...fields(i + 1), eventId: `s${segment}e${i + 1}` };
    const hash = segmentedChainHash(key, segment, prev, f);
    const row = { ...f, segment, epoch: SEGMENTED_EPOCH, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

function verifySegmented(rows: ChainedEntry[], legacyThrough?: number) {
  const v = new SegmentedChainVerifier(key, legacyThrough);
  for (const row of rows) if (!v.push(row)) break;
  v.finish();
  return { broken: v.broken, entries: v.entries, heads: v.heads.map((h) => [h.segment, h.seq]) };
}

describe('segmented audit chain (a chain per segment, each pinned to segment 0)', () => {
  const legacy = chain(3, 2);
  const legacyHead = legacy[legacy.length - 1].hash;
  const stored = () => [...legacy, ...segmentChain(1, 4, legacyHead), ...segmentChain(2, 3, legacyHead)];

  it('verifies segment 0 and every segment from its head', () =>
    expect(verifySegmented(stored(), 2)).toEqual({
      broken: undefined,
      entries: 12,
      heads: [
        [0, 5],
        [1, 4],
        [2, 3],
      ],
    }));

  it('verifies segments of a chain that began segmented (no segment 0)', () =>
    expect(verifySegmented([...segmentChain(1, 2), ...segmentChain(3, 2)]).broken).toBeUndefined());

  it('names an altered entry in its segment', () => {
    const rows = stored();
    rows[7] = { ...rows[7], patientId: 'p-other' };
    expect(verifySegmented(rows, 2).broken).toEqual({
      segment: 1,
      brokenAt: 3,
      brokenEntryId: 's1e3',
      reason: 'entry content does not match its HMAC',
    });
  });

  it('names a removed entry and two entries swapped within a segment', () => {
    const removed = stored();
    removed.splice(6, 1);
    expect(verifySegmented(removed, 2).broken).toMatchObject({ segment: 1, brokenAt: 3 });
    const swapped = stored();
    [swapped[6], swapped[7]] = [
      { ...swapped[7], seq: 2 },
      { ...swapped[6], seq: 3 },
    ];
    expect(verifySegmented(swapped, 2).broken).toMatchObject({
      segment: 1,
      brokenAt: 2,
      reason: 'link to the previous entry does not match',
    });
  });

  it('catches an entry moved to another segment with its link and sequence made to fit', () => {
    const rows = stored();
    const moved = { ...rows[9], segment: 1, seq: 5, prevHash: rows[8].hash };
    expect(verifySegmented([...rows.slice(0, 9), moved], 2).broken).toMatchObject({
      segment: 1,
      brokenAt: 5,
      reason: 'entry content does not match its HMAC',
    });
  });

  it('catches a rewritten segment 0 through the links of the segments pinned to it', () => {
    const rows = stored();
    const rewritten = rehashUnkeyed(
      rows.slice(0, 5).map((r, i) => (i === 1 ? { ...r, actorId: 'x' } : r)),
      1,
      LEGACY_EPOCH,
    ).map((r) => ({ ...r, epoch: LEGACY_EPOCH }));
    expect(verifySegmented([...rewritten, ...rows.slice(5)]).broken).toMatchObject({
      segment: 1,
      brokenAt: 1,
      reason: 'link to the previous entry does not match',
    });
  });

  it('refuses keyed (epoch 1) entries outside segment 0 and segmented ones inside it', () => {
    const inSegment = chain(2).map((r) => ({ ...r, segment: 4 }));
    expect(verifySegmented(inSegment).broken).toMatchObject({ segment: 4, brokenAt: 1 });
    const relabelled = segmentChain(1, 2).map((r) => ({ ...r, segment: 0 }));
    expect(verifySegmented(relabelled).broken).toMatchObject({ segment: 0, brokenAt: 1 });
  });
});
