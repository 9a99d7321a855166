import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectAcknowledgment } from './detect';
import { interpret277ca } from './interpret-277ca';
import { interpret999 } from './interpret-999';

const fixture = (f: string) =>
  fs.readFileSync(path.join(__dirname, '..', '__fixtures__', f)).toString('latin1');
const ACK_999 = fixture('imsweb__x12_999_rejected.txt');
const ACK_277CA = fixture('imsweb__x12_277CA_rejected.txt');

describe('detectAcknowledgment', () => {
  it('tells a 999 (005010X231A1) from a 277CA (005010X214)', () => {
    expect(detectAcknowledgment(ACK_999)).toEqual({ ok: true, kind: '999' });
    expect(detectAcknowledgment(Buffer.from(ACK_277CA, 'latin1'))).toEqual({ ok: true, kind: '277CA' });
  });

  it('an 835 is named, with its segment and byte', () => {
    expect(detectAcknowledgment(fixture('lfh__tertiary-payment.835'))).toEqual({
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'NOT_AN_ACKNOWLEDGMENT',
          message:
            'Found an 835 claim payment/remittance advice (ST01 835, guide 005010X221A1) at segment 3, byte 161: not a 999 (005010X231A1) or 277CA (005010X214) acknowledgment.',
          segmentOrdinal: 3,
          segmentId: 'ST',
          offset: 161,
          element: 'ST01',
        },
      ],
    });
  });

  it('an 837 is named', () => {
    const r = detectAcknowledgment(fixture('uhin__837.edi'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0].message).toMatch(
        /^Found an 837 health care claim \(ST01 837, guide 005010X222A1\) at segment 3, byte \d+/,
      );
  });

  it('a 277 claim status response (005010X212) is not a 277CA', () => {
    const r = detectAcknowledgment(ACK_277CA.replace(/005010X214/g, '005010X212'));
    expect(r).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_AN_ACKNOWLEDGMENT', element: 'ST03', segmentOrdinal: 3 }],
    });
  });

  it('garbage and empty input: located errors', () => {
    expect(detectAcknowledgment('hello, this is not X12')).toMatchObject({
      ok: false,
      errors: [
        { code: 'ISA_EXPECTED', offset: 0 },
        { code: 'ISA_MISSING', offset: 0 },
      ],
    });
    expect(detectAcknowledgment('')).toMatchObject({
      ok: false,
      errors: [{ code: 'ISA_MISSING', offset: 0 }],
    });
    expect(detectAcknowledgment(new Uint8Array([0xff, 0x00, 0x13, 0x7e]))).toMatchObject({ ok: false });
  });

  it('a truncated file and broken envelope counts: located errors, not a partial reading', () => {
    const truncated = ACK_999.slice(0, ACK_999.indexOf('IK5'));
    const r = interpret999(truncated);
    expect(r.ok).toBe(false);
    // Cut at a segment boundary, before IK5: the set, group and interchange each lack their trailer.
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(['SE_MISSING', 'GE_MISSING', 'IEA_MISSING']);
    expect(interpret999(ACK_999.slice(0, ACK_999.indexOf('IK5') + 2))).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([expect.objectContaining({ code: 'SEGMENT_UNTERMINATED' })]),
    });
    expect(interpret999(ACK_999.replace('SE*7*', 'SE*9*'))).toMatchObject({
      ok: false,
      errors: [{ code: 'SE_COUNT', segmentId: 'SE', segmentOrdinal: 9, element: 'SE01' }],
    });
    expect(interpret277ca(ACK_277CA.replace('GE*1*1120', 'GE*2*1120'))).toMatchObject({
      ok: false,
      errors: [{ code: 'GE_COUNT', element: 'GE01' }],
    });
    expect(interpret999(ACK_999.replace('IEA*1*', 'IEA*3*'))).toMatchObject({
      ok: false,
      errors: [{ code: 'IEA_COUNT', element: 'IEA01' }],
    });
  });

  it('a TA1 in front of the 999 is a warning, not a refusal', () => {
    const withTa1 = ACK_999.replace('GS*FA', 'TA1*000000028*110311*0958*A*000~\nGS*FA');
    const r = interpret999(withTa1);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.acknowledgment.warnings).toMatchObject([{ severity: 'warning', segmentId: 'TA1' }]);
  });

  it('the wrong reader for the kind says which reader to use', () => {
    expect(interpret999(ACK_277CA)).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_999', segmentOrdinal: 3 }],
    });
    expect(interpret277ca(ACK_999)).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_277CA', segmentOrdinal: 3 }],
    });
  });

  it('every prefix and every one-byte damage of both fixtures reads or fails as values, never throws', () => {
    for (const text of [ACK_999, ACK_277CA]) {
      for (let n = 0; n <= text.length; n++) {
        const prefix = text.slice(0, n);
        expect(() => [
          detectAcknowledgment(prefix),
          interpret999(prefix),
          interpret277ca(prefix),
        ]).not.toThrow();
      }
      for (let i = 0; i < text.length; i += 3) {
        const damaged = `${text.slice(0, i)}*${text.slice(i + 1)}`;
        expect(() => [interpret999(damaged), interpret277ca(damaged)]).not.toThrow();
      }
    }
  });
});
