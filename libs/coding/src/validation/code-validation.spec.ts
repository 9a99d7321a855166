import { loadIcd10Cm } from '@revcycle/codesets';
import { EncounterProcedure } from '@revcycle/contracts';
import { validateCodes } from './code-validation';

const icd = loadIcd10Cm();
const line = (code: string, diagnosisSequences = [1]): EncounterProcedure => ({
  code,
  modifiers: [],
  units: 1,
  chargeCents: 100,
  diagnosisSequences,
});

describe('coding validation against the real ICD-10-CM FY2026 release', () => {
  it('accepts billable codes and CPT/HCPCS-shaped procedures', () => {
    expect(
      validateCodes(
        icd,
        [
          { code: 'E1165', sequence: 1 },
          { code: 'I10', sequence: 2 },
        ],
        [line('99213', [1, 2]), line('G0439'), line('0001U'), line('3008F')],
      ),
    ).toEqual([]);
  });

  it('names an unknown diagnosis code and where it is', () => {
    const [p] = validateCodes(
      icd,
      [
        { code: 'E1165', sequence: 1 },
        { code: 'Z9999', sequence: 2 },
      ],
      [line('99213')],
    );
    expect(p).toMatchObject({ field: 'diagnoses[1].code', problem: 'icd-unknown' });
    expect(p.message).toContain('Z99.99');
  });

  it('rejects a category header (E11) as not billable', () => {
    const [p] = validateCodes(icd, [{ code: 'E11', sequence: 1 }], [line('99213')]);
    expect(p).toMatchObject({ field: 'diagnoses[0].code', problem: 'icd-header' });
  });

  it('rejects procedure codes of no CPT/HCPCS shape and pointers past the diagnoses', () => {
    const problems = validateCodes(
      icd,
      [{ code: 'I10', sequence: 1 }],
      [line('9921X'), line('W1234'), line('99213', [2])],
    );
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ['procedures[0].code', 'procedure-format'],
      ['procedures[1].code', 'procedure-format'],
      ['procedures[2].diagnosisPointers', 'pointer'],
    ]);
  });
});
