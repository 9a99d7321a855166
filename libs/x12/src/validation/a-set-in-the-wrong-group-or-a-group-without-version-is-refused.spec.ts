import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateX12 } from './validate';

/** A clean X221A1 example (stupidedi, BSD-3). */
const BASE = fs.readFileSync(
  path.join(__dirname, '..', '__fixtures__', 'stupidedi__multiple-claims-single-check.edi'),
  'latin1',
);
const GS = 'GS*HP*3123456789*987654321*20140401*0820*278*X*005010X221A1~';

const groupErrors = (text: string) =>
  validateX12(text)
    .issues.filter((i) => i.severity === 'error' && i.segmentId === 'GS')
    .map((i) => ({ code: i.code, element: i.element, loop: i.loop }));

describe('the functional group around a transaction set', () => {
  it('the clean 835 has no group error', () => {
    expect(BASE).toContain(GS);
    expect(groupErrors(BASE)).toEqual([]);
  });

  it('a GS01 that is empty or of another kind (HC: claims) is refused at GS01', () => {
    for (const gs01 of ['', 'HC'])
      expect(groupErrors(BASE.replace(GS, GS.replace('GS*HP*', `GS*${gs01}*`)))).toEqual([
        { code: 'GS01_MISMATCH', element: 'GS01', loop: 'GS' },
      ]);
  });

  it('an empty GS08 is refused at GS08 (the set then falls back to its ST03)', () => {
    expect(groupErrors(BASE.replace(GS, GS.replace('*X*005010X221A1~', '*X*~')))).toEqual([
      { code: 'GS08_MISSING', element: 'GS08', loop: 'GS' },
    ]);
  });
});
