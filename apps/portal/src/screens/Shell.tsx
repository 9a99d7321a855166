import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { onActivity, onSignedOut } from '../api/client';
import { Session, signOut, useSessionUpdate } from '../api/session';
import { screensFor } from '../navigation';

/**
 * The signed-in frame: who you are, the screens your role has, sign-out. It also keeps the
 * automatic logoff visible: after the idle minutes with no request, it leaves for the sign-in
 * page (the server has ended the session by then anyway; this only stops showing PHI).
 */
export function Shell({ session }: { session: Session }) {
  const update = useSessionUpdate();
  const navigate = useNavigate();
  useEffect(() => {
    const leave = (reason: string) => {
      update(null);
      navigate('/sign-in', { replace: true, state: { reason } });
    };
    let timer: ReturnType<typeof setTimeout>;
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => leave(`Signed out after ${session.idleMinutes} idle minutes.`),
        session.idleMinutes * 60_000,
      );
    };
    restart();
    const offActivity = onActivity(restart);
    const offSignedOut = onSignedOut(() => leave('Your session has ended; please sign in again.'));
    return () => {
      clearTimeout(timer);
      offActivity();
      offSignedOut();
    };
  }, [session.idleMinutes, update, navigate]);

  const out = async () => {
    await signOut().catch(() => undefined);
    update(null);
    navigate('/sign-in', { replace: true, state: { reason: 'You have signed out.' } });
  };
  return (
    <div className="shell">
      <header>
        <span className="brand">revcycle</span>
        <nav aria-label="Work">
          <ul>
            {screensFor(session.role).map((s) => (
              <li key={s.path}>
                <NavLink to={s.path}>{s.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session.userName} <span className="role">({session.role})</span>
        </span>
        <Button onPress={out}>Sign out</Button>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
