import type { Role } from './api/session';

/**
 * The screens and who sees them. It mirrors libs/security permissions.ts (the API is the authority:
 * a screen hidden here is also refused there), e.g. remittances need remittance:read, which a coder lacks.
 */
export interface Screen {
  path: string;
  label: string;
  roles: readonly Role[];
}

export const SCREENS: readonly Screen[] = [
  { path: '/work/coding', label: 'Coding queue', roles: ['coder', 'admin'] },
  { path: '/work/claim-edits', label: 'Claim edit queue', roles: ['biller', 'admin'] },
  { path: '/finance/remittances', label: 'Remittances', roles: ['finance', 'admin'] },
  { path: '/finance/unmatched', label: 'Unmatched review', roles: ['finance', 'admin'] },
  { path: '/finance/denials', label: 'Denials', roles: ['finance', 'admin'] },
  { path: '/finance/reconciliation', label: 'Reconciliation', roles: ['finance', 'admin'] },
  { path: '/finance/ar-aging', label: 'AR aging', roles: ['finance', 'admin'] },
  { path: '/finance/kpis', label: 'KPIs', roles: ['finance', 'admin'] },
  { path: '/compliance/audit', label: 'Audit log', roles: ['compliance', 'admin'] },
];

export const screensFor = (role: Role) => SCREENS.filter((s) => s.roles.includes(role));
export const mayOpen = (role: Role, path: string) =>
  SCREENS.some((s) => s.path === path && s.roles.includes(role));
