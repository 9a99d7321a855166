import { forEachTsvRow, readPackaged } from './data-files';

export interface PlaceOfService {
  code: string;
  name: string;
  facilityType: 'Facility' | 'Non-Facility' | 'Unassigned';
  description: string;
}

/** CMS place-of-service codes (June 2024), "Unassigned" codes included and marked. */
export function loadPlaceOfService(): PlaceOfService[] {
  const out: PlaceOfService[] = [];
  forEachTsvRow(readPackaged('reference/place_of_service.tsv.gz'), (f) =>
    out.push({
      code: f[0],
      name: f[1] ?? '',
      facilityType: (f[2] ?? 'Unassigned') as PlaceOfService['facilityType'],
      description: f[3] ?? '',
    }),
  );
  return out;
}

export interface AdjustmentReasonCode {
  code: string;
  description: string;
  startDate?: string;
  stopDate?: string;
}

function readAdjustmentCodes(file: string): Map<string, AdjustmentReasonCode> {
  const out = new Map<string, AdjustmentReasonCode>();
  forEachTsvRow(readPackaged(file), (f) => {
    const code = f[0];
    out.set(code, {
      code,
      description: f[1] ?? '',
      ...(f[4] ? { startDate: f[4] } : {}),
      ...(f[6] ? { stopDate: f[6] } : {}),
    });
  });
  return out;
}

/** X12 claim adjustment reason codes (CARC), list as of June 2024. */
export function loadCarc(): Map<string, AdjustmentReasonCode> {
  return readAdjustmentCodes('remit/carc.tsv.gz');
}

/** Remittance advice remark codes (RARC), list as of June 2024. */
export function loadRarc(): Map<string, AdjustmentReasonCode> {
  return readAdjustmentCodes('remit/rarc.tsv.gz');
}

/** Claim adjustment group codes CO, CR, OA, PI, PR. */
export function loadClaimAdjustmentGroups(): Map<string, string> {
  const out = new Map<string, string>();
  forEachTsvRow(readPackaged('remit/claim_adjustment_group_codes.tsv.gz'), (f) => out.set(f[0], f[1] ?? ''));
  return out;
}
