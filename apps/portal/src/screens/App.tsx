import { ReactElement, Suspense, lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { mayOpen, screensFor } from '../navigation';
import { Shell } from './Shell';
import { COMPLIANCE_SCREENS } from './compliance/routes';
import { FINANCE_SCREENS } from './finance/routes';
import { EnrollmentStep, PasswordChangeStep, SecondFactorStep, SignInPage } from './SignIn';

// The coder's and biller's screens load on first use (the first load stays small).
const CodingQueue = lazy(() => import('./coder/CodingQueue').then((m) => ({ default: m.CodingQueue })));
const CodingWorkItem = lazy(() =>
  import('./coder/CodingWorkItem').then((m) => ({ default: m.CodingWorkItemScreen })),
);
const ClaimEditQueue = lazy(() =>
  import('./biller/ClaimEditQueue').then((m) => ({ default: m.ClaimEditQueue })),
);
const Rejections = lazy(() =>
  import('./biller/ClaimEditQueue').then((m) => ({ default: m.AcknowledgmentRejections })),
);
const Claims = lazy(() => import('./biller/Claims').then((m) => ({ default: m.Claims })));
const ClaimDetail = lazy(() => import('./biller/ClaimDetail').then((m) => ({ default: m.ClaimDetail })));
const Batches = lazy(() => import('./biller/Batches').then((m) => ({ default: m.Batches })));
const Patients = lazy(() => import('./biller/Patients').then((m) => ({ default: m.Patients })));
const Encounters = lazy(() => import('./biller/Patients').then((m) => ({ default: m.Encounters })));

const SCREEN_ELEMENTS: Record<string, ReactElement> = {
  '/work/coding': <CodingQueue />,
  '/work/coding/:id': <CodingWorkItem />,
  '/work/claim-edits': <ClaimEditQueue />,
  '/work/rejections': <Rejections />,
  '/work/claims': <Claims />,
  '/work/claims/:id': <ClaimDetail />,
  '/work/batches': <Batches />,
  '/work/patients': <Patients />,
  '/work/encounters': <Encounters />,
  ...FINANCE_SCREENS,
  ...COMPLIANCE_SCREENS,
};

/** A screen the role does not have: said plainly, and nothing of it is fetched. */
function NotForRole({ role }: { role: string }) {
  return (
    <>
      <h1>Not available</h1>
      <p role="alert">This screen is not part of the {role} role.</p>
    </>
  );
}

export function App() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    );
  const s = session.data;
  if (!s) {
    if (location.pathname === '/sign-in') return <SignInPage />;
    return <Navigate to="/sign-in" replace state={location.state} />;
  }
  if (s.stage === 'second-factor') return <SecondFactorStep />;
  if (s.stage === 'second-factor-enrollment') return <EnrollmentStep />;
  if (s.stage === 'password-change') return <PasswordChangeStep />;
  const home = screensFor(s.role)[0]?.path ?? '/';
  return (
    <Routes>
      <Route element={<Shell session={s} />}>
        {Object.entries(SCREEN_ELEMENTS).map(([path, element]) => (
          <Route
            key={path}
            path={path}
            element={
              mayOpen(s.role, path) ? (
                <Suspense
                  fallback={
                    <p className="loading" aria-busy="true">
                      Loading…
                    </p>
                  }
                >
                  {element}
                </Suspense>
              ) : (
                <NotForRole role={s.role} />
              )
            }
          />
        ))}
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
