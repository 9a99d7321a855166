/**
 * NCCI-associated modifiers (NCCI Policy Manual ch. I §E, and the CMS "Modifier 59 / -X{EPSU}"
 * article): the only modifiers that bypass a PTP edit whose modifier indicator is 1.
 */
export const MOD_DISTINCT = 1; // 59, XE, XS, XP, XU: on the column 2 line
export const MOD_REPEAT_LAB = 2; // 91: on the column 2 line
export const MOD_EM_SEPARATE = 4; // 25, 57: on the E/M line
export const MOD_GLOBAL_SURGERY = 8; // 24, 27, 58, 78, 79: on either line
export const MOD_LT = 16;
export const MOD_RT = 32;
export const MOD_26 = 64;
export const MOD_TC = 128;

const FLAGS: Record<string, number> = {
  '59': MOD_DISTINCT,
  XE: MOD_DISTINCT,
  XS: MOD_DISTINCT,
  XP: MOD_DISTINCT,
  XU: MOD_DISTINCT,
  '91': MOD_REPEAT_LAB,
  '25': MOD_EM_SEPARATE,
  '57': MOD_EM_SEPARATE,
  '24': MOD_GLOBAL_SURGERY,
  '27': MOD_GLOBAL_SURGERY,
  '58': MOD_GLOBAL_SURGERY,
  '78': MOD_GLOBAL_SURGERY,
  '79': MOD_GLOBAL_SURGERY,
  LT: MOD_LT,
  RT: MOD_RT,
  '26': MOD_26,
  TC: MOD_TC,
};

/** Anatomic modifiers, one bit each (31 of them): E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, RC, LM, RI. */
export const ANATOMIC_MODIFIERS = [
  'E1',
  'E2',
  'E3',
  'E4',
  'FA',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'TA',
  'T1',
  'T2',
  'T3',
  'T4',
  'T5',
  'T6',
  'T7',
  'T8',
  'T9',
  'LT',
  'RT',
  'LC',
  'LD',
  'RC',
  'LM',
  'RI',
];
const ANATOMIC_BIT: Record<string, number> = Object.fromEntries(
  ANATOMIC_MODIFIERS.map((m, i) => [m, 1 << i]),
);

export function modifierFlag(m: string): number {
  return FLAGS[m] ?? 0;
}
export function anatomicBit(m: string): number {
  return ANATOMIC_BIT[m] ?? 0;
}

/** E/M codes (CPT 99202–99499): where modifiers 25 and 57 belong. */
export function isEvaluationAndManagement(code: string): boolean {
  if (code.length !== 5 || code.charCodeAt(0) !== 57 || code.charCodeAt(1) !== 57) return false;
  const n = Number(code);
  return n >= 99202 && n <= 99499;
}
