/** Code lists the validator checks. Sources are cited per list. */

/** USPS state and territory codes, plus Canadian provinces (N402 when N404 is absent or CA). */
export const STATE_CODES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(
    ' ',
  ),
);

/** CMS Place of Service code set (837P CLM05-1 / SV105). */
export const PLACE_OF_SERVICE = new Set(
  '01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 31 32 33 34 41 42 49 50 51 52 53 54 55 56 57 58 60 61 62 65 66 71 72 81 99'.split(
    ' ',
  ),
);

/** 837P IG 2300 CLM05-3 / 837I: claim frequency type codes (NUBC third digit of type of bill). */
export const FREQUENCY_CODES_PROFESSIONAL = new Set(['1', '6', '7', '8']);
export const FREQUENCY_CODES_INSTITUTIONAL = new Set([
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'M',
  'O',
  'P',
  'Q',
  'X',
  'Y',
  'Z',
]);

/** X12 CAS01 claim adjustment group codes. */
export const CAS_GROUP_CODES = new Set(['CO', 'CR', 'OA', 'PI', 'PR']);

/** 837P/837I IG 2300 PWK02 attachment transmission codes (5010: AD is no longer valid). */
export const PWK_TRANSMISSION_CODES = new Set(['AA', 'BM', 'EL', 'EM', 'FT', 'FX']);

/** SBR09 / CLP06 claim filing indicator codes. */
export const CLAIM_FILING_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  'AM',
  'BL',
  'CH',
  'CI',
  'DS',
  'FI',
  'HM',
  'LM',
  'MA',
  'MB',
  'MC',
  'OF',
  'TV',
  'VA',
  'WC',
  'ZZ',
]);

/** SBR01 payer responsibility sequence codes. */
export const PAYER_RESPONSIBILITY = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U']);

/** 835 CLP02 claim status codes. */
export const CLAIM_STATUS_835 = new Set(['1', '2', '3', '4', '19', '20', '21', '22', '23', '25']);

/** 835 SVC01-1 / 837 SV101-1 product or service id qualifiers. */
export const SERVICE_QUALIFIERS_835 = new Set(['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'N6', 'NU', 'UI', 'WK']);
export const SERVICE_QUALIFIERS_837P = new Set(['ER', 'HC', 'IV', 'WK']);
export const SERVICE_QUALIFIERS_837I = new Set(['ER', 'HC', 'HP', 'IV', 'WK']);

/** 999 IK5/AK9 acknowledgment codes. */
export const IK5_CODES = new Set(['A', 'E', 'M', 'R', 'W', 'X']);
export const AK9_CODES = new Set(['A', 'E', 'M', 'P', 'R', 'W', 'X']);

/** 837 HI code-list qualifiers allowed (ICD-10 A-prefixed and ICD-9 legacy). */
export const HI_QUALIFIERS = new Set([
  'ABK',
  'BK',
  'ABF',
  'BF',
  'ABJ',
  'BJ',
  'APR',
  'PR',
  'ABN',
  'BN',
  'BBR',
  'BR',
  'CAH',
  'BBQ',
  'BQ',
  'BI',
  'BH',
  'BE',
  'BG',
  'DR',
  'TC',
  'BP',
  'BO',
]);
