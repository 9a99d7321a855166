import type { ReactElement } from 'react';
import { lazyScreen } from '../finance/routes';

/** The compliance screens by path (navigation.ts says who sees them). */
export const COMPLIANCE_SCREENS: Record<string, ReactElement> = {
  '/compliance/audit': lazyScreen(() => import('./AuditLog'), 'AuditLog'),
};
