import {
  CLAIM_STATUS_CATEGORIES,
  CLAIM_STATUS_CODES,
  claimStatusCategory,
  describeClaimStatusCode,
  describeEntity,
  ENTITY_IDENTIFIER_CODES,
} from './277ca-codes';
import {
  describe999Code,
  ELEMENT_SYNTAX_ERRORS,
  FUNCTIONAL_GROUP_ACKNOWLEDGMENTS,
  FUNCTIONAL_GROUP_SYNTAX_ERRORS,
  SEGMENT_SYNTAX_ERRORS,
  TRANSACTION_SET_ACKNOWLEDGMENTS,
  TRANSACTION_SET_SYNTAX_ERRORS,
} from './999-codes';

describe('999 code lists (005010X231A1)', () => {
  it('hold every code of the guide', () => {
    expect(Object.keys(SEGMENT_SYNTAX_ERRORS).sort()).toEqual(
      ['1', '2', '3', '4', '5', '6', '7', '8', 'I4', 'I6', 'I7', 'I8', 'I9'].sort(),
    );
    expect(Object.keys(ELEMENT_SYNTAX_ERRORS).sort()).toEqual(
      [
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
        '12',
        '13',
        'I6',
        'I9',
        'I10',
        'I11',
        'I12',
        'I13',
      ].sort(),
    );
    expect(Object.keys(TRANSACTION_SET_ACKNOWLEDGMENTS).sort()).toEqual(['A', 'E', 'M', 'R', 'W', 'X']);
    expect(Object.keys(FUNCTIONAL_GROUP_ACKNOWLEDGMENTS).sort()).toEqual(['A', 'E', 'M', 'P', 'R', 'W', 'X']);
    expect(Object.keys(TRANSACTION_SET_SYNTAX_ERRORS)).toHaveLength(25);
    expect(Object.keys(FUNCTIONAL_GROUP_SYNTAX_ERRORS)).toHaveLength(20);
  });

  it('an unknown code is named, not thrown', () => {
    expect(describe999Code(SEGMENT_SYNTAX_ERRORS, 'I5', 'segment syntax error code')).toBe(
      'segment syntax error code I5 (not in our table)',
    );
    expect(describe999Code(ELEMENT_SYNTAX_ERRORS, 'toString', 'element syntax error code')).toBe(
      'element syntax error code toString (not in our table)',
    );
  });
});

describe('277CA code lists (507, 508, 98)', () => {
  it('categories: A0–A8 with DR01–DR08, E0–E4, D0, P0–P5, F0–F4, R0–R17; rejections are A3 A4 A6 A7 A8, DR03–DR07, E*, D0', () => {
    for (const c of ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'E0', 'E4', 'P5', 'F3F', 'R17'])
      expect(claimStatusCategory(c)).toBeDefined();
    const rejecting = Object.entries(CLAIM_STATUS_CATEGORIES)
      .filter(([, c]) => c.effect === 'rejected')
      .map(([code]) => code);
    expect(rejecting.sort()).toEqual(
      [
        'A3',
        'A4',
        'A6',
        'A7',
        'A8',
        'DR03',
        'DR04',
        'DR05',
        'DR06',
        'DR07',
        'E0',
        'E1',
        'E2',
        'E3',
        'E4',
        'D0',
      ].sort(),
    );
    expect(claimStatusCategory('A1')?.effect).toBe('received');
    expect(claimStatusCategory('A0')?.effect).toBe('received');
    expect(claimStatusCategory('A2')?.effect).toBe('accepted');
    expect(claimStatusCategory('A6')?.description).toBe(
      'Acknowledgement/Rejected for Missing Information - The claim/encounter is missing the information specified in the Status details and has been rejected.',
    );
    expect(claimStatusCategory('constructor')).toBeUndefined();
  });

  it('status codes: the ones 277CA rejections use most, with their published text', () => {
    for (const c of [
      '0',
      '1',
      '3',
      '15',
      '16',
      '21',
      '33',
      '35',
      '96',
      '97',
      '107',
      '116',
      '145',
      '164',
      '187',
      '247',
      '454',
      '562',
      '678',
    ])
      expect(CLAIM_STATUS_CODES[c]).toBeDefined();
    expect(Object.keys(CLAIM_STATUS_CODES).length).toBeGreaterThan(60);
    expect(describeClaimStatusCode('562')).toBe("Entity's National Provider Identifier (NPI).");
    expect(describeClaimStatusCode('99999')).toBe('status code 99999 (not in our table)');
  });

  it('entities: the ones a 277CA names', () => {
    for (const c of ['40', '41', '85', '82', 'IL', 'QC', 'PR', '77', 'DN'])
      expect(ENTITY_IDENTIFIER_CODES[c]).toBeDefined();
    expect(describeEntity('85')).toBe('Billing Provider');
    expect(describeEntity('Q7')).toBe('entity Q7 (not in our table)');
  });
});
