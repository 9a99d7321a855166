import { loadIcd10Cm, parseIcd10CmOrderFile } from './icd10cm';

describe('packaged ICD-10-CM FY2026', () => {
  const set = loadIcd10Cm();

  it('holds every code of the CDC order file, billable and headers', () => {
    expect(set.size).toBe(98186);
    expect(set.fiscalYear).toBe(2026);
    expect(set.validFrom).toBe('2025-10-01');
    expect(set.validTo).toBe('2026-09-30');
  });

  it('marks E11.65 billable and E11 a header', () => {
    expect(set.get('E1165')).toMatchObject({ code: 'E1165', billable: true });
    expect(set.get('E1165')?.shortDescription).toMatch(/hyperglycemia/i);
    expect(set.get('E11')?.billable).toBe(false);
  });

  it('normalises dotted and lower-case input, and answers undefined for unknown codes', () => {
    expect(set.get('e11.65')?.code).toBe('E1165');
    expect(set.get('ZZZ999')).toBeUndefined();
  });
});

describe('CDC order file format', () => {
  it('reads the fixed-width layout', () => {
    const line = (order: string, code: string, flag: string, short: string, long: string) =>
      `${order} ${code.padEnd(7)} ${flag} ${short.padEnd(60)} ${long}`;
    const text = [
      line('00001', 'A00', '0', 'Cholera', 'Cholera'),
      line('00002', 'A000', '1', 'Cholera due to V', 'Cholera due to Vibrio'),
    ].join('\n');
    const set = parseIcd10CmOrderFile(text, 2027);
    expect(set.get('A000')).toEqual({
      code: 'A000',
      billable: true,
      shortDescription: 'Cholera due to V',
      longDescription: 'Cholera due to Vibrio',
    });
    expect(set.validFrom).toBe('2026-10-01');
  });
});
