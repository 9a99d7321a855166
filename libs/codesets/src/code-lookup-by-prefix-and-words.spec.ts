import { cptCatalogue, dottedIcd10Cm, hcpcsCatalogue, lookUpCodes, searchCatalogue } from './code-lookup';

describe('code look-up in the packaged code sets', () => {
  it('finds ICD-10-CM codes by prefix, dotted or not, with billable flag and the release dates', () => {
    const dotted = lookUpCodes({ system: 'icd10cm', q: 'E11.6', limit: 5, offset: 0 });
    const bare = lookUpCodes({ system: 'icd10cm', q: 'e116', limit: 5, offset: 0 });
    expect(bare).toEqual(dotted);
    expect(dotted.release).toBe('ICD-10-CM FY2026');
    expect(dotted.items[0]).toEqual({
      system: 'icd10cm',
      code: 'E11.6',
      description: expect.stringMatching(/diabetes/i),
      billable: false,
      effectiveFrom: '2025-10-01',
      effectiveTo: '2026-09-30',
    });
    const e1165 = lookUpCodes({ system: 'icd10cm', q: 'E1165', limit: 1, offset: 0 }).items[0];
    expect(e1165).toMatchObject({ code: 'E11.65', billable: true });
  });

  it('finds codes by every word of the description, paged in code order', () => {
    const all = lookUpCodes({ system: 'icd10cm', q: 'type 2 diabetes hyperglycemia', limit: 500, offset: 0 });
    expect(all.total).toBeGreaterThan(0);
    expect(all.items.map((i) => i.code)).toContain('E11.65');
    for (const i of all.items) expect(i.description!.toLowerCase()).toContain('hyperglycemia');
    const second = lookUpCodes({ system: 'icd10cm', q: 'diabetes', limit: 10, offset: 10 });
    const first20 = lookUpCodes({ system: 'icd10cm', q: 'diabetes', limit: 20, offset: 0 });
    expect(second.items).toEqual(first20.items.slice(10));
    expect(second.total).toBe(first20.total);
  });

  it('HCPCS records carry descriptions, effective and termination dates; terminated ones are not billable', () => {
    const text = [
      'hcpcs_code\tlong_desc\taction_code\tadd_date\taction_effective_date\ttermination_date',
      'G0008\tAdministration of influenza virus vaccine\tN\t19930101\t20200101\t',
      'A0021\tAmbulance service, outside state per mile\tN\t19850101\t19960910\t19991231',
      'AA\tAnesthesia services performed personally by anesthesiologist\tN\t19970101\t\t',
    ].join('\n');
    const c = hcpcsCatalogue(text, 'test');
    expect(searchCatalogue(c, undefined, 10, 0).items).toEqual([
      {
        system: 'hcpcs',
        code: 'A0021',
        description: 'Ambulance service, outside state per mile',
        billable: false,
        effectiveFrom: '1996-09-10',
        effectiveTo: '1999-12-31',
      },
      {
        system: 'hcpcs',
        code: 'G0008',
        description: 'Administration of influenza virus vaccine',
        billable: true,
        effectiveFrom: '2020-01-01',
        effectiveTo: null,
      },
    ]);
    expect(searchCatalogue(c, 'influenza vaccine', 10, 0).items.map((i) => i.code)).toEqual(['G0008']);
    const packaged = lookUpCodes({ system: 'hcpcs', q: 'G0008', limit: 1, offset: 0 });
    expect(packaged.items[0]).toMatchObject({
      code: 'G0008',
      description: expect.stringMatching(/influenza/i),
    });
  });

  it('CPT is code numbers only (no AMA descriptors are packaged)', () => {
    const c = cptCatalogue(['hcpcs_code\tmue_value\n99213\t1\n0001U\t1\nJ1100\t1\n99213\t2\n']);
    expect(searchCatalogue(c, '9921', 10, 0)).toEqual({
      total: 1,
      items: [
        {
          system: 'cpt',
          code: '99213',
          description: null,
          billable: null,
          effectiveFrom: null,
          effectiveTo: null,
        },
      ],
      release: 'CPT numbers of the NCCI tables, 2024 Q3',
    });
    expect(lookUpCodes({ system: 'cpt', q: '99213', limit: 1, offset: 0 }).items[0]?.code).toBe('99213');
  });

  it('writes ICD-10-CM with the dot after the category', () => {
    expect([dottedIcd10Cm('A00'), dottedIcd10Cm('A000'), dottedIcd10Cm('S72001A')]).toEqual([
      'A00',
      'A00.0',
      'S72.001A',
    ]);
  });
});
