import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCorpus, corpusFiles } from '../test/x12-corpus';
import { parse277ca } from './reader';

describe('277CA reader', () => {
  it('reads a rejected claim with its STC category/status/entity, payer claim number and service date', () => {
    const { reports, issues } = parse277ca(
      fs.readFileSync(path.join(__dirname, '..', '__fixtures__', 'imsweb__x12_277CA_rejected.txt')),
    );
    expect(issues).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0].batchStatuses[0]).toMatchObject({
      category: 'A1',
      code: '20',
      rejected: false,
      amountCents: 19914,
    });
    expect(reports[0].claims).toEqual([
      expect.objectContaining({
        claimId: '3920394930203',
        accepted: false,
        payerClaimControlNumber: '1107000000001120',
        billType: '731',
        serviceDate: '2009-03-11',
        statuses: [
          {
            category: 'A7',
            code: '562',
            entity: '85',
            effectiveDate: '2011-03-11',
            action: 'WQ',
            amountCents: 19914,
            rejected: true,
          },
        ],
      }),
    ]);
  });
});

describe('every 277CA in the vendored corpus (libs/x12/fixtures)', () => {
  it.each(corpusFiles('277ca'))('%s: one claim per patient-level TRN', (file) => {
    const text = readCorpus('277ca', file);
    const { reports } = parse277ca(text);
    const patientLevels = (text.toString('latin1').match(/HL\*\d+\*\d+\*PT/g) ?? []).length;
    expect(reports.reduce((s, r) => s + r.claims.length, 0)).toBe(patientLevels);
  });
});
