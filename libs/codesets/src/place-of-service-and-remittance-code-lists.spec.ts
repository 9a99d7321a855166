import { loadCarc, loadClaimAdjustmentGroups, loadPlaceOfService, loadRarc } from './lists';

describe('packaged code lists', () => {
  it('place of service: 99 codes, telehealth 02/10, unassigned codes marked', () => {
    const pos = loadPlaceOfService();
    expect(pos).toHaveLength(99);
    expect(pos.find((p) => p.code === '10')?.name).toMatch(/Telehealth Provided in Patient/);
    expect(pos.find((p) => p.code === '28')?.facilityType).toBe('Unassigned');
  });
  it('CARC 45 and group codes CO/PR, RARC with start dates', () => {
    expect(loadCarc().get('45')?.description).toMatch(/exceeds fee schedule/i);
    expect([...loadClaimAdjustmentGroups().keys()].sort()).toEqual(['CO', 'CR', 'OA', 'PI', 'PR']);
    const rarc = loadRarc();
    expect(rarc.size).toBe(1171);
    expect(rarc.get('N130')?.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
