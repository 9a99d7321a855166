import { loadCarc, loadRarc } from '@revcycle/codesets';
import { categorizeDenial, isDenial } from './categorize-denial';
import { CARC_CATEGORIES, NOT_DENIAL_CARCS, RARC_REFINEMENTS } from './denial-categories';
import { describeCarc, describeGroup, describeRarc } from './denial-codes';

describe('denial codes in words', () => {
  it('describes CARCs, RARCs and groups from the packaged lists, deactivated and unknown codes included', () => {
    expect(describeCarc('29')).toEqual({
      code: '29',
      description: 'The time limit for filing has expired.',
      known: true,
    });
    expect(describeRarc('n30')).toEqual({
      code: 'N30',
      description: 'Patient ineligible for this service.',
      known: true,
    });
    expect(describeGroup('PR')).toEqual({ code: 'PR', description: 'Patient Responsibility', known: true });
    expect(describeCarc('15')).toMatchObject({ known: true, stopDate: '2018-05-01' });
    expect(describeCarc('Z9')).toMatchObject({
      known: false,
      description: expect.stringMatching(/unknown CARC Z9/),
    });
  });

  it('the category table names only CARCs of the list, each once, and RARC refinements only listed RARCs', () => {
    const carcs = loadCarc();
    const all = Object.values(CARC_CATEGORIES).flat();
    expect(all.filter((c) => !carcs.has(c))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
    const rarcs = loadRarc();
    expect(Object.keys(RARC_REFINEMENTS).filter((r) => !rarcs.has(r))).toEqual([]);
    expect(NOT_DENIAL_CARCS.filter((c) => !carcs.has(c) || all.includes(c))).toEqual([]);
  });

  it('the work queue takes denials, not the agreed adjustments or reversals', () => {
    expect(isDenial({ group: 'CO', carc: '45' })).toBe(false);
    expect(isDenial({ group: 'PR', carc: '2' })).toBe(false);
    expect(isDenial({ group: 'CR', carc: '29' })).toBe(false);
    expect(isDenial({ group: 'CO', carc: '253' })).toBe(false);
    expect(isDenial({ group: 'CO', carc: '29' })).toBe(true);
    expect(isDenial({ group: 'PR', carc: '204' })).toBe(true);
  });
});

describe('a denial categorized, with its next action', () => {
  const cases: Array<[string, string, string[], string, string]> = [
    ['CO', '29', [], 'timely_filing', 'write_off'],
    ['CO', '197', [], 'authorization', 'appeal'],
    ['CO', '15', [], 'authorization', 'correct_and_resubmit'],
    ['CO', '27', [], 'eligibility', 'correct_and_resubmit'],
    ['PR', '204', [], 'eligibility', 'bill_patient'],
    ['CO', '11', [], 'coding', 'correct_and_resubmit'],
    ['CO', '16', ['M51'], 'coding', 'correct_and_resubmit'],
    ['CO', '16', ['MA130'], 'missing_information', 'correct_and_resubmit'],
    ['CO', '50', ['N115'], 'medical_necessity', 'appeal'],
    ['CO', '96', ['N386'], 'medical_necessity', 'appeal'],
    ['OA', '18', [], 'duplicate', 'write_off'],
    ['CO', '97', [], 'bundling', 'write_off'],
    ['CO', '236', [], 'bundling', 'correct_and_resubmit'],
    ['PR', '1', [], 'other', 'bill_patient'],
    ['CO', '45', [], 'other', 'write_off'],
  ];
  it.each(cases)('%s-%s %j → %s, %s', (group, carc, rarcs, category, nextAction) => {
    expect(categorizeDenial({ group, carc, rarcs })).toMatchObject({ category, nextAction });
  });

  it('carries the codes in words for the work queue', () => {
    expect(categorizeDenial({ group: 'CO', carc: '16', rarcs: ['M51', 'N290'] })).toEqual({
      group: { code: 'CO', description: 'Contractual Obligations', known: true },
      carc: {
        code: '16',
        description: 'Claim/service lacks information or has submission/billing error(s).',
        known: true,
      },
      rarcs: [
        { code: 'M51', description: 'Missing/incomplete/invalid procedure code(s).', known: true },
        {
          code: 'N290',
          description: 'Missing/incomplete/invalid rendering provider primary identifier.',
          known: true,
        },
      ],
      category: 'coding',
      nextAction: 'correct_and_resubmit',
    });
  });
});
