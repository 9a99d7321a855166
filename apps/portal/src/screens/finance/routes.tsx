import { ComponentType, ReactElement, Suspense, lazy } from 'react';

/**
 * A screen loaded on first visit (React.lazy): its code, and its charts (recharts, in their own chunk
 * with screens/finance/charts.tsx), stay out of the first load. While it loads, a status says so.
 */
export function lazyScreen<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): ReactElement {
  const Screen: ComponentType = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading…
        </p>
      }
    >
      <Screen />
    </Suspense>
  );
}

/** The finance screens by path (navigation.ts says who sees them). */
export const FINANCE_SCREENS: Record<string, ReactElement> = {
  '/finance/remittances': lazyScreen(() => import('./Remittances'), 'Remittances'),
  '/finance/unmatched': lazyScreen(() => import('./Unmatched'), 'Unmatched'),
  '/finance/denials': lazyScreen(() => import('./Denials'), 'Denials'),
  '/finance/reconciliation': lazyScreen(() => import('./Reconciliation'), 'Reconciliation'),
  '/finance/ar-aging': lazyScreen(() => import('./ArAging'), 'ArAging'),
  '/finance/kpis': lazyScreen(() => import('./Kpis'), 'KpiDashboard'),
};
