import { decideAdjudication } from './adjudication-decision';

describe('what an 835 CLP does to a claim', () => {
  const original = (status: Parameters<typeof decideAdjudication>[0]['status']) => ({
    status,
    frequencyCode: '1',
  });

  it('adjudicates a claim the payer has (submitted, acknowledged, accepted)', () => {
    for (const s of ['submitted', 'acknowledged', 'accepted'] as const)
      expect(decideAdjudication(original(s), 'paid')).toEqual({ kind: 'move', to: 'paid' });
  });

  it('a reversal then the corrected CLP move again; the same outcome twice is a repeat', () => {
    expect(decideAdjudication(original('paid'), 'reversed')).toEqual({ kind: 'move', to: 'reversed' });
    expect(decideAdjudication(original('reversed'), 'partially_paid')).toEqual({
      kind: 'move',
      to: 'partially_paid',
    });
    expect(decideAdjudication(original('paid'), 'paid')).toEqual({ kind: 'repeat' });
  });

  it('sets aside an outcome for a claim never sent, being corrected, or voided', () => {
    for (const s of ['ready', 'rejected', 'batched', 'voided'] as const)
      expect(decideAdjudication(original(s), 'paid')).toMatchObject({
        kind: 'aside',
        why: expect.stringContaining(s),
      });
  });

  it("the payer's reversal of our void (frequency 8) voids the claim", () => {
    expect(decideAdjudication({ status: 'accepted', frequencyCode: '8' }, 'reversed')).toEqual({
      kind: 'move',
      to: 'reversed',
      then: 'voided',
    });
  });
});
