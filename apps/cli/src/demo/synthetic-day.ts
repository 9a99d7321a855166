import { withNpiCheckDigit } from '@revcycle/contracts';
import { SeededRandom } from '@revcycle/payer-simulator';

/**
 * A synthetic clinic day: office visits with common diagnoses and procedures. All people are
 * invented; codes are real (ICD-10-CM FY2026, CPT numbers, HCPCS). About `invalidRate` of the
 * encounters carry a coding mistake billing offices really see (a header code such as M54.5 since
 * FY2022, a typo), so they land in the coding queue.
 */
const FIRST = [
  'Ava',
  'Liam',
  'Maya',
  'Noah',
  'Zoe',
  'Ethan',
  'Iris',
  'Owen',
  'Lena',
  'Caleb',
  'Nora',
  'Hugo',
  'Ruth',
  'Felix',
  'June',
  'Amir',
];
const LAST = [
  'Alvarez',
  'Brooks',
  'Chen',
  'Dawson',
  'Ekwueme',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ibsen',
  'Jansen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
];
const STREETS = ['Oak St', 'Maple Ave', 'Cedar Ln', 'Elm Dr', 'Birch Rd', 'Willow Way'];
const CITIES: Array<[string, string, string]> = [
  ['Springfield', 'IL', '62701'],
  ['Madison', 'WI', '53703'],
  ['Columbus', 'OH', '43215'],
  ['Albany', 'NY', '12207'],
];

/**
 * Visit patterns: diagnoses (billable FY2026) and procedures with charges in cents. `adultsOnly`: a
 * diagnosis of the code set's adult age range (ICD-10-CM Z00.00, ages 15–124), drawn only for a
 * patient born by ADULT_BORN_BY (an adult on any date of service from 2016).
 */
interface Visit {
  dx: string[];
  lines: Array<[string, number, number, string[]?]>;
  adultsOnly?: boolean;
}

const VISITS: Visit[] = [
  {
    dx: ['E11.65', 'I10'],
    lines: [
      ['99214', 1, 18500],
      ['83036', 1, 4200],
      ['36415', 1, 1500],
    ],
  },
  { dx: ['J06.9'], lines: [['99213', 1, 12500]] },
  {
    dx: ['I10', 'E78.5'],
    lines: [
      ['99213', 1, 12500],
      ['80061', 1, 5800],
      ['36415', 1, 1500],
    ],
  },
  // Medicare annual wellness visit (G0439; a 99396 preventive visit has an MUE of 0 under Medicare).
  {
    dx: ['Z00.00'],
    adultsOnly: true,
    lines: [
      ['G0439', 1, 17500],
      ['85025', 1, 3100],
      ['80053', 1, 4600],
      ['36415', 1, 1500],
    ],
  },
  {
    dx: ['M54.50'],
    lines: [
      ['99203', 1, 16000],
      ['72100', 1, 9500],
    ],
  },
  {
    dx: ['R07.89', 'I10'],
    lines: [
      ['99214', 1, 18500],
      ['93000', 1, 6500],
    ],
  },
  {
    dx: ['N39.0'],
    lines: [
      ['99213', 1, 12500],
      ['81002', 1, 1200],
      ['87086', 1, 2900],
    ],
  },
  {
    dx: ['Z23'],
    lines: [
      ['90471', 1, 2500],
      ['90686', 1, 3800],
    ],
  },
  {
    dx: ['J44.9', 'F41.9'],
    lines: [
      ['99215', 1, 24500, ['25']],
      ['94010', 1, 7200],
    ],
  },
  { dx: ['K21.9'], lines: [['99212', 1, 8500]] },
  // G0444 is bundled into the E/M (NCCI indicator 1): modifier 25 marks the visit as separate.
  {
    dx: ['Z13.31', 'F41.9'],
    lines: [
      ['99213', 1, 12500, ['25']],
      ['G0444', 1, 2100],
    ],
  },
];
/** Mistakes: a header code, an unknown code. */
const BAD_DIAGNOSES = ['M54.5', 'E11', 'Z99.999', 'I10.9'];

/**
 * Claims the scrubber must stop (real NCCI Q3 2024 rows), each with the fix billing staff apply:
 * 80053+80048 is PTP modifier indicator 0 (drop the component); 20610+99213 is indicator 1 (25 on
 * the E/M); 36415 has an MUE of 2 per day (MAI 3).
 */
export type ScrubMistake = 'ptp-component' | 'ptp-modifier' | 'mue';
const SCRUB_MISTAKES: ScrubMistake[] = ['ptp-component', 'ptp-modifier', 'mue'];

export interface DemoPayer {
  name: string;
  payerId: string;
}
export interface DemoProvider {
  npi: string;
  kind: 'organization' | 'individual';
  name: string;
  firstName?: string;
  taxonomy: string;
  taxId?: string;
  address?: { line1: string; city: string; state: string; postalCode: string };
}
export interface DemoPatient {
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M';
  address: { line1: string; city: string; state: string; postalCode: string };
  memberId: string;
  payerIndex: number;
  /** A second coverage with another payer (coordination of benefits): billed after the primary's 835. */
  secondary?: { payerIndex: number; memberId: string };
}
export interface DemoEncounter {
  patientIndex: number;
  renderingIndex: number;
  placeOfService: string;
  diagnoses: Array<{ code: string }>;
  procedures: Array<{
    code: string;
    units: number;
    chargeCents: number;
    diagnosisPointers: number[];
    modifiers: string[];
  }>;
  expectedValid: boolean;
  scrubMistake?: ScrubMistake;
}
export interface DemoDay {
  payers: DemoPayer[];
  billing: DemoProvider;
  rendering: DemoProvider[];
  patients: DemoPatient[];
  encounters: DemoEncounter[];
}

type Line = DemoEncounter['procedures'][number];
const line = (code: string, chargeCents: number, units = 1, modifiers: string[] = []): Line => ({
  code,
  units,
  chargeCents,
  modifiers,
  diagnosisPointers: [1],
});

function withMistake(mistake: ScrubMistake): Pick<DemoEncounter, 'diagnoses' | 'procedures'> {
  switch (mistake) {
    case 'ptp-component':
      return {
        diagnoses: [{ code: 'E78.5' }],
        procedures: [line('99213', 12500), line('80053', 4600), line('80048', 3600), line('36415', 1500)],
      };
    case 'ptp-modifier':
      return { diagnoses: [{ code: 'M17.11' }], procedures: [line('20610', 21000), line('99213', 12500)] };
    case 'mue':
      return { diagnoses: [{ code: 'I10' }], procedures: [line('99213', 12500), line('36415', 4500, 3)] };
  }
}

/** The correction a biller makes for each mistake (what `POST /claims/:id/corrections` receives). */
export function correctedLines(mistake: ScrubMistake): Line[] {
  const fixed = withMistake(mistake).procedures;
  switch (mistake) {
    case 'ptp-component':
      return fixed.filter((l) => l.code !== '80048');
    case 'ptp-modifier':
      return fixed.map((l) => (l.code === '99213' ? { ...l, modifiers: ['25'] } : l));
    case 'mue':
      return fixed.map((l) => (l.code === '36415' ? { ...l, units: 1, chargeCents: 1500 } : l));
  }
}

export function syntheticDay(
  seed: number,
  encounters: number,
  invalidRate = 0.15,
  scrubMistakeRate = 0.1,
  secondaryRate = 0.15,
): DemoDay {
  const r = new SeededRandom(seed);
  const runId = r.digits(5);
  const address = () => {
    const [city, state, postalCode] = r.pick(CITIES);
    return { line1: `${r.int(10, 9999)} ${r.pick(STREETS)}`, city, state, postalCode };
  };
  const payers = [
    { name: 'Demo Medicare Part B', payerId: `MCR${runId}` },
    { name: 'Demo Blue Shield', payerId: `BSH${runId}` },
    { name: 'Demo Commercial Health', payerId: `DCH${runId}` },
  ];
  const npi = () => withNpiCheckDigit(`1${r.digits(8)}`);
  // 837P IG 2010AA N403: the billing provider's ZIP has 9 digits.
  const billingAddress = address();
  const billing: DemoProvider = {
    npi: npi(),
    kind: 'organization',
    name: 'Demo Family Medicine Group',
    taxonomy: '261QP2300X',
    taxId: r.digits(9),
    address: { ...billingAddress, postalCode: `${billingAddress.postalCode}${r.digits(4)}` },
  };
  const rendering: DemoProvider[] = Array.from({ length: 3 }, () => ({
    npi: npi(),
    kind: 'individual',
    name: r.pick(LAST),
    firstName: r.pick(FIRST),
    taxonomy: '207Q00000X',
  }));
  const patientCount = Math.max(1, Math.ceil(encounters * 0.9));
  const patients: DemoPatient[] = Array.from({ length: patientCount }, (_, i) => ({
    mrn: `MRN-${runId}-${String(i + 1).padStart(5, '0')}`,
    firstName: r.pick(FIRST),
    lastName: r.pick(LAST),
    dateOfBirth: `${r.int(1940, 2015)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
    sex: r.chance(0.5) ? 'F' : 'M',
    address: address(),
    memberId: `${r.pick(['XZ', 'W', 'H'])}${r.digits(9)}`,
    payerIndex: r.int(0, payers.length - 1),
  }));
  // A patient seen twice the day (more encounters than patients) sees another rendering provider the
  // second time: the same services by the same provider twice would be one visit billed twice,
  // which the scrubber rightly stops as DUPLICATE_CLAIM.
  const renderedBy = new Map<number, number>();
  const renderingFor = (patientIndex: number): number => {
    const drawn = r.int(0, rendering.length - 1);
    const earlier = renderedBy.get(patientIndex);
    const chosen = earlier === drawn ? (drawn + 1) % rendering.length : drawn;
    renderedBy.set(patientIndex, chosen);
    return chosen;
  };
  const list: DemoEncounter[] = Array.from({ length: encounters }, (_, i) => {
    const visit = visitFor(r.pick(VISITS), patients[i % patientCount]);
    const diagnoses = visit.dx.map((code) => ({ code }));
    const expectedValid = !r.chance(invalidRate);
    if (!expectedValid) diagnoses[r.int(0, diagnoses.length - 1)] = { code: r.pick(BAD_DIAGNOSES) };
    if (expectedValid && r.chance(scrubMistakeRate)) {
      const scrubMistake = r.pick(SCRUB_MISTAKES);
      return {
        patientIndex: i % patientCount,
        renderingIndex: renderingFor(i % patientCount),
        placeOfService: '11',
        ...withMistake(scrubMistake),
        expectedValid,
        scrubMistake,
      };
    }
    return {
      patientIndex: i % patientCount,
      renderingIndex: renderingFor(i % patientCount),
      placeOfService: '11',
      diagnoses,
      procedures: visit.lines.map(([code, units, chargeCents, modifiers]) => ({
        code,
        units,
        chargeCents,
        modifiers: modifiers ?? [],
        diagnosisPointers: diagnoses.map((_, k) => k + 1).slice(0, 4),
      })),
      expectedValid,
    };
  });
  withSecondaryCoverage(seed, patients, list, payers.length, secondaryRate);
  return { payers, billing, rendering, patients, encounters: list };
}

const ADULT_BORN_BY = 2000;

/** The drawn visit, or for a patient too young for it the next visit in the list that fits (no draw: the day stays the seed's). */
function visitFor(drawn: Visit, patient: DemoPatient): Visit {
  if (!drawn.adultsOnly || Number(patient.dateOfBirth.slice(0, 4)) <= ADULT_BORN_BY) return drawn;
  const at = VISITS.indexOf(drawn);
  return [...VISITS.slice(at + 1), ...VISITS.slice(0, at)].find((v) => !v.adultsOnly) ?? drawn;
}

/** Clean visits of patients with a secondary coverage, at least, in a day with a secondary rate. */
const MIN_SECONDARY_VISITS = 3;

/**
 * About `rate` of the patients also have a coverage with another payer (a spouse's plan, a Medigap
 * policy): their claims are billed to it after the primary's 835. Drawn from a stream of its own, so
 * the rest of the day is the one the seed always gave; a day with fewer than three clean visits of
 * such patients gets more, on the patients of its first clean visits.
 */
function withSecondaryCoverage(
  seed: number,
  patients: DemoPatient[],
  encounters: DemoEncounter[],
  payerCount: number,
  rate: number,
): void {
  const r = new SeededRandom((seed ^ 0x5ec0_0b00) >>> 0);
  const draw = (p: DemoPatient) => {
    p.secondary = {
      payerIndex: (p.payerIndex + r.int(1, payerCount - 1)) % payerCount,
      memberId: `${r.pick(['SX', 'M', 'G'])}${r.digits(9)}`,
    };
  };
  for (const p of patients) if (r.chance(rate)) draw(p);
  if (rate <= 0) return;
  // The primary may leave nothing to bill a secondary (paid in full, denied as a write-off, rejected):
  // a few clean visits with a secondary make a day without a secondary claim rare.
  const clean = encounters
    .filter((e) => e.expectedValid && !e.scrubMistake)
    .map((e) => patients[e.patientIndex]);
  for (const p of new Set(clean)) {
    if (clean.filter((c) => c.secondary).length >= MIN_SECONDARY_VISITS) break;
    if (!p.secondary) draw(p);
  }
}
