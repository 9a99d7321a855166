import { DepositSide, RemittanceSide, reconcile } from './reconcile';

let n = 0;
const deposit = (
  traceNumber: string | null,
  amountCents: number,
  originator: string | null = null,
): DepositSide => ({
  id: `d${++n}`,
  bankFileId: 'f1',
  depositDate: '2026-11-30',
  amountCents,
  traceNumber,
  originator,
});
const remittance = (
  traceNumber: string,
  paidCents: number,
  traceOriginator: string | null = null,
): RemittanceSide => ({
  id: `r${++n}`,
  payerId: 'p1',
  payerName: 'AETNA',
  traceNumber,
  traceOriginator,
  paidCents,
  paymentMethod: 'ACH',
  paymentDate: '2026-11-29',
});

describe('reconciliation of deposits and remittances', () => {
  it('sorts every deposit and remittance into exactly one bucket, and the totals add up to the cent', () => {
    const ds = [
      deposit('EFT1', 125000),
      deposit('eft2', 9000),
      deposit('EFT3', 5000),
      deposit(null, 777),
      deposit('EFT9', 100),
    ];
    const rs = [
      remittance('EFT1', 125000),
      remittance('EFT2', 9100),
      remittance('EFT3', 2000),
      remittance('EFT3', 3000),
      remittance('EFT7', 4200),
    ];
    const r = reconcile(ds, rs);
    expect(r.matched.map((p) => [p.traceNumber, p.deposits.length, p.remittances.length])).toEqual([
      ['EFT1', 1, 1],
      ['EFT3', 1, 2], // one EFT paying two 835 transactions
    ]);
    expect(r.amountMismatch).toEqual([
      expect.objectContaining({
        traceNumber: 'EFT2',
        depositCents: 9000,
        remittanceCents: 9100,
        differenceCents: -100,
      }),
    ]);
    expect(r.remittanceWithoutDeposit.map((x) => x.traceNumber)).toEqual(['EFT7']);
    expect(r.depositWithoutRemittance.map((x) => x.amountCents).sort()).toEqual([100, 777]);
    expect(r.totals).toEqual({
      depositCents: 125000 + 9000 + 5000 + 777 + 100,
      remittanceCents: 125000 + 9100 + 5000 + 4200,
      matched: { count: 2, cents: 130000 },
      amountMismatch: { count: 1, depositCents: 9000, remittanceCents: 9100, differenceCents: -100 },
      remittanceWithoutDeposit: { count: 1, cents: 4200 },
      depositWithoutRemittance: { count: 2, cents: 877 },
    });
  });

  it('never pairs two payers that use the same trace number when the bank carried the originator', () => {
    const r = reconcile(
      [deposit('1001', 5000, '1066033492')],
      [remittance('1001', 5000, '1111111111'), remittance('1001', 5000, '066033492')],
    );
    expect(r.matched).toEqual([
      expect.objectContaining({
        originator: '1066033492',
        remittances: [expect.objectContaining({ traceOriginator: '066033492' })],
      }),
    ]);
    expect(r.remittanceWithoutDeposit.map((x) => x.traceOriginator)).toEqual(['1111111111']);
  });

  it('a remittance that states no originator still matches the one deposit that does', () => {
    const r = reconcile([deposit('T5', 100, '1066033492')], [remittance('T5', 100, null)]);
    expect(r.matched).toHaveLength(1);
  });
});
