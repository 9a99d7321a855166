import { readTransactionSets } from './reader';
import { InMemoryControlNumbers, writeInterchange } from './writer';

const parties = { senderId: 'REVCYCLE01', receiverId: '87726', usage: 'P' as const };
const group = {
  functionalId: 'HC',
  version: '005010X222A1',
  transactions: [
    {
      id: '837',
      implementationReference: '005010X222A1',
      body: [['BHT', '0019', '00', '1', '20240301', '1200', 'CH'] as [string, ...string[]]],
    },
  ],
};

describe('writeInterchange', () => {
  it('writes a fixed-width ISA (106 characters) and counts that the reader accepts', () => {
    const w = writeInterchange({
      parties,
      groups: [group, group],
      controlNumbers: new InMemoryControlNumbers(41),
      at: new Date('2024-03-01T12:00:00Z'),
    });
    const isa = w.text.split('\n')[0];
    expect(isa).toHaveLength(106);
    expect(isa).toBe(
      'ISA*00*          *00*          *ZZ*REVCYCLE01     *ZZ*87726          *240301*1200*^*00501*000000041*0*P*:~',
    );
    const { transactions, issues } = readTransactionSets(w.text);
    expect(issues).toEqual([]);
    expect(transactions).toHaveLength(2);
    expect(w.text).toContain('SE*3*0001~');
    expect(w.text).toContain('IEA*2*000000041~');
  });

  it('issues control numbers per sender/receiver pair', () => {
    const numbers = new InMemoryControlNumbers();
    const a1 = writeInterchange({
      parties,
      groups: [group],
      controlNumbers: numbers,
    }).interchangeControlNumber;
    const a2 = writeInterchange({
      parties,
      groups: [group],
      controlNumbers: numbers,
    }).interchangeControlNumber;
    const b1 = writeInterchange({
      parties: { ...parties, receiverId: 'OTHERPAYER' },
      groups: [group],
      controlNumbers: numbers,
    }).interchangeControlNumber;
    expect([a1, a2, b1]).toEqual(['000000001', '000000002', '000000001']);
  });

  it('refuses ids that do not fit the ISA instead of truncating them', () => {
    expect(() =>
      writeInterchange({
        parties: { ...parties, senderId: 'A-SENDER-ID-THAT-IS-TOO-LONG' },
        groups: [group],
        controlNumbers: new InMemoryControlNumbers(),
      }),
    ).toThrow(/sender id \(ISA06\) must be 1–15 characters/);
  });
});
