import { Actor } from '@revcycle/contracts';

export type Role = Exclude<Actor['role'], 'system'>;

/** Every permission a handler can require. Plain constants, mapped from roles below (one file). */
export const permissions = {
  readChart: 'chart:read',
  writeChart: 'chart:write',
  finalizeEncounter: 'encounter:finalize',
  workCodingQueue: 'coding:work',
  /** Look codes up in the packaged code sets (reference data, no PHI). */
  lookUpCodes: 'code:read',
  /**
   * The payer directory (names and electronic ids): reference data, no PHI, for every portal role
   * (finance names the payers it reconciles). Never a patient's coverage: that is readChart.
   */
  readPayerDirectory: 'payer:read',
  readClaim: 'claim:read',
  writeClaim: 'claim:write',
  readRemittance: 'remittance:read',
  postPayment: 'remittance:post',
  readAudit: 'audit:read',
  manageReferenceData: 'reference:manage',
  /** Dead letters of a service's consumers: listed without content, replayed or discarded (admin). */
  manageDeadLetters: 'dead-letter:manage',
  /** A payer fetching the claim files sent to it (its own only: the token names the payer). */
  downloadClaimFiles: 'claim-file:download',
} as const;

export type Permission = (typeof permissions)[keyof typeof permissions];

const all = Object.values(permissions);

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  coder: [
    permissions.readChart,
    permissions.workCodingQueue,
    permissions.readClaim,
    permissions.lookUpCodes,
    permissions.readPayerDirectory,
  ],
  biller: [
    permissions.readChart,
    permissions.lookUpCodes,
    permissions.writeChart,
    permissions.finalizeEncounter,
    permissions.readClaim,
    permissions.writeClaim,
    permissions.readRemittance,
    permissions.readPayerDirectory,
  ],
  finance: [
    permissions.readClaim,
    permissions.readRemittance,
    permissions.postPayment,
    permissions.readPayerDirectory,
  ],
  compliance: [
    permissions.readAudit,
    permissions.readChart,
    permissions.readClaim,
    permissions.readRemittance,
    permissions.readPayerDirectory,
  ],
  // A payer's token reads its own claim files and nothing else; admin is not a payer.
  admin: all.filter((p) => p !== permissions.downloadClaimFiles),
  payer: [permissions.downloadClaimFiles],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}
