import { icdEntry, loadIcd10Cm, loadReferenceTables } from '@revcycle/codesets';
import { isValidNpi } from '@revcycle/contracts';
import { correctedLines, syntheticDay } from './synthetic-day';

describe('the synthetic demo day', () => {
  const icd = loadIcd10Cm();
  const day = syntheticDay(20260914, 400);

  it('is the same day for the same seed', () => expect(syntheticDay(5, 20)).toEqual(syntheticDay(5, 20)));

  it('uses billable ICD-10-CM codes exactly where it means to, and real-looking mistakes elsewhere', () => {
    for (const e of day.encounters) {
      const billable = e.diagnoses.every((d) => icd.get(d.code)?.billable === true);
      expect(billable).toBe(e.expectedValid);
    }
    const invalid = day.encounters.filter((e) => !e.expectedValid).length;
    expect(invalid / day.encounters.length).toBeGreaterThan(0.08);
    expect(invalid / day.encounters.length).toBeLessThan(0.25);
  });

  it('gives every provider a valid NPI and every line a pointer to a diagnosis', () => {
    for (const p of [day.billing, ...day.rendering]) expect(isValidNpi(p.npi)).toBe(true);
    for (const e of day.encounters)
      for (const l of e.procedures)
        expect(Math.max(...l.diagnosisPointers)).toBeLessThanOrEqual(e.diagnoses.length);
  });

  it('plants scrubber mistakes in about a tenth of the valid encounters, each with a correction', () => {
    const planted = day.encounters.filter((e) => e.scrubMistake);
    expect(planted.length / day.encounters.length).toBeGreaterThan(0.04);
    expect(planted.every((e) => e.expectedValid)).toBe(true);
    expect(correctedLines('ptp-component').map((l) => l.code)).not.toContain('80048');
    expect(correctedLines('ptp-modifier').find((l) => l.code === '99213')?.modifiers).toEqual(['25']);
    expect(correctedLines('mue').find((l) => l.code === '36415')?.units).toBe(1);
  });

  it('never bills one patient the same services by the same provider twice (a DUPLICATE_CLAIM)', () => {
    for (const [seed, n] of [
      [20260914, 50],
      [20260914, 200],
      [3, 400],
    ]) {
      const visits = syntheticDay(seed, n).encounters.map((e) =>
        JSON.stringify([e.patientIndex, e.renderingIndex, e.diagnoses, e.procedures]),
      );
      expect(new Set(visits).size).toBe(visits.length);
    }
  });

  it('gives about 15 % of the patients a secondary coverage with another payer, without changing the rest of the day', () => {
    const withSecondary = day.patients.filter((p) => p.secondary);
    expect(withSecondary.length / day.patients.length).toBeGreaterThan(0.08);
    expect(withSecondary.length / day.patients.length).toBeLessThan(0.25);
    for (const p of withSecondary) {
      expect(p.secondary!.payerIndex).not.toBe(p.payerIndex);
      expect(p.secondary!.payerIndex).toBeLessThan(day.payers.length);
      expect(p.secondary!.memberId).not.toBe(p.memberId);
    }
    const none = syntheticDay(20260914, 400, 0.15, 0.1, 0);
    expect(none.patients.some((p) => p.secondary)).toBe(false);
    expect(none.encounters).toEqual(day.encounters);
    expect(none.patients.map(({ secondary: _s, ...p }) => p)).toEqual(
      day.patients.map(({ secondary: _s, ...p }) => p),
    );
  });

  it('every day has three clean visits of patients with a secondary coverage (all it has, when fewer)', () => {
    for (const [seed, n] of [
      [7, 12],
      [7, 24],
      [1, 3],
      [20260914, 50],
    ]) {
      const d = syntheticDay(seed, n);
      const billed = d.encounters.filter((e) => e.expectedValid && !e.scrubMistake);
      const toSecondary = billed.filter((e) => d.patients[e.patientIndex].secondary);
      expect(toSecondary.length).toBeGreaterThanOrEqual(Math.min(3, billed.length));
      expect(toSecondary.length).toBeGreaterThan(0);
    }
  });

  it("fits every valid visit's diagnoses to the patient's age on any date of service from 2016 (MCE age ranges)", () => {
    const { icd } = loadReferenceTables();
    const unfit: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const d = syntheticDay(seed, 24);
      for (const e of d.encounters.filter((x) => x.expectedValid)) {
        const born = Number(d.patients[e.patientIndex].dateOfBirth.slice(0, 4));
        for (const { code } of e.diagnoses) {
          const at = icdEntry(icd, code);
          if (icd.ageMin[at] === 255) continue;
          // Ages on a date of service from 2016 to 2035: one less than the years between, at the least.
          if (2016 - born - 1 < icd.ageMin[at] || 2035 - born > icd.ageMax[at])
            unfit.push(`seed ${seed}: ${code} for a patient born ${born}`);
        }
      }
    }
    expect(unfit).toEqual([]);
  });

  it('seed 7 with 12 encounters (the platform test) has both outcomes', () => {
    const small = syntheticDay(7, 12).encounters;
    expect(small.some((e) => e.expectedValid)).toBe(true);
    expect(small.some((e) => !e.expectedValid)).toBe(true);
  });
});
