import { ClaimFileWriter, MAX_CLAIMS_PER_TRANSACTION } from './claim-file-writer';
import { storedClaim, writerOptions } from './sample-stored-claims';

describe('ClaimFileWriter envelopes', () => {
  it('uses the control numbers it is given: ISA13/IEA02, GS06/GE02, ST02/SE02 and counts GE01', () => {
    const writer = new ClaimFileWriter(writerOptions('professional', 501));
    const header = writer.header();
    expect(header).toContain('*000000042*0*T*:~');
    expect(header).toContain('GS*HC*REVCYCLE01*87726*20261202*1030*7*X*005010X222A1~');
    const t1 = writer.transaction([storedClaim(1)]);
    const t2 = writer.transaction([storedClaim(2), storedClaim(3)]);
    expect([t1.controlNumber, t1.claimCount, t2.controlNumber, t2.claimCount]).toEqual([
      '0501',
      1,
      '0502',
      2,
    ]);
    expect(t2.text.startsWith('ST*837*0502*005010X222A1~')).toBe(true);
    expect(t2.text).toMatch(/SE\*\d+\*0502~\n$/);
    expect(writer.trailer()).toBe('GE*2*7~\nIEA*1*000000042~\n');
  });

  it('refuses more than 5,000 claims in one transaction set, a claim of the other kind, and pieces out of order', () => {
    const writer = new ClaimFileWriter(writerOptions());
    expect(() => writer.transaction([storedClaim(1)])).toThrow(/after the header/);
    writer.header();
    const many = Array.from({ length: MAX_CLAIMS_PER_TRANSACTION + 1 }, () => storedClaim(1));
    expect(() => writer.transaction(many)).toThrow(/1–5000 claims/);
    expect(() => writer.transaction([])).toThrow(RangeError);
    expect(() => writer.transaction([storedClaim(1, 'institutional')])).toThrow(/institutional/);
    expect(() => writer.trailer()).toThrow(/at least one/);
    expect(
      () =>
        new ClaimFileWriter({
          ...writerOptions(),
          controlNumbers: { interchange: 0, group: 1, nextTransaction: () => 1 },
        }),
    ).toThrow(RangeError);
  });

  it('gives each claim its segment range in the file', () => {
    const writer = new ClaimFileWriter(writerOptions());
    writer.header();
    const t = writer.transaction([storedClaim(1), storedClaim(4), storedClaim(5)]);
    const lines = t.text.trimEnd().split('\n');
    const at = (ordinal: number) => lines[ordinal - 3]; // ISA, GS come first
    expect(t.claims.map((c) => c.patientControlNumber)).toEqual(['PCN0000001', 'PCN0000004', 'PCN0000005']);
    expect(at(t.claims[0].firstSegment)).toBe('HL*1**20*1~');
    expect(at(t.claims[1].firstSegment)).toMatch(/^HL\*\d+\*1\*22\*1~$/);
    expect(t.claims[1].firstSegment).toBe(t.claims[0].lastSegment + 1);
    expect(at(t.claims[2].lastSegment + 1)).toMatch(/^SE\*/);
  });
});
