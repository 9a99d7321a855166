import type { Role } from './api/session';

/**
 * The screens and who sees them. It mirrors libs/security permissions.ts (the API is the authority:
 * a screen hidden here is also refused there), e.g. remittances need remittance:read, which a coder lacks.
 */
export interface Screen {
  path: string;
  label: string;
  roles: readonly Role[];
  /** A screen opened from another (a work item, a claim): routed and role-checked, not in the navigation. */
  inNavigation?: false;
}

export const SCREENS: readonly Screen[] = [
  { path: '/work/coding', label: 'Coding queue', roles: ['coder', 'admin'] },
  { path: '/work/claim-edits', label: 'Claim edit queue', roles: ['biller', 'admin'] },
  { path: '/work/rejections', label: 'Rejections', roles: ['biller', 'admin'] },
  { path: '/work/claims', label: 'Claims', roles: ['biller', 'admin'] },
  { path: '/work/batches', label: 'Batches', roles: ['biller', 'admin'] },
  { path: '/work/patients', label: 'Patients', roles: ['biller', 'admin'] },
  { path: '/work/encounters', label: 'Encounters', roles: ['biller', 'admin'] },
  { path: '/finance/remittances', label: 'Remittances', roles: ['finance', 'admin'] },
  { path: '/finance/unmatched', label: 'Unmatched review', roles: ['finance', 'admin'] },
  { path: '/finance/denials', label: 'Denials', roles: ['finance', 'admin'] },
  { path: '/finance/reconciliation', label: 'Reconciliation', roles: ['finance', 'admin'] },
  { path: '/finance/ar-aging', label: 'AR aging', roles: ['finance', 'admin'] },
  { path: '/finance/kpis', label: 'KPIs', roles: ['finance', 'admin'] },
  { path: '/compliance/audit', label: 'Audit log', roles: ['compliance', 'admin'] },
  { path: '/work/coding/:id', label: 'Coding work item', roles: ['coder', 'admin'], inNavigation: false },
  { path: '/work/claims/:id', label: 'Claim', roles: ['biller', 'admin'], inNavigation: false },
];

export const screensFor = (role: Role) =>
  SCREENS.filter((s) => s.roles.includes(role) && s.inNavigation !== false);
export const mayOpen = (role: Role, path: string) =>
  SCREENS.some((s) => s.path === path && s.roles.includes(role));
