import { FormEvent, useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useLocation } from 'react-router';
import {
  Session,
  beginEnrollment,
  changePassword,
  confirmEnrollment,
  giveSecondFactor,
  signIn,
  useSessionUpdate,
} from '../api/session';
import { Field, Problem } from '../components/Field';

/** Runs one sign-in step; the session it answers with says which step is next. */
function useStep<A extends unknown[]>(step: (...args: A) => Promise<Session>) {
  const update = useSessionUpdate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      update(await step(...args));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy };
}

const submit = (f: () => void) => (e: FormEvent) => {
  e.preventDefault();
  f();
};

export function SignInPage() {
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const { run, error, busy } = useStep(signIn);
  const reason = (useLocation().state as { reason?: string } | null)?.reason;
  return (
    <main className="sign-in" aria-busy={busy}>
      <h1>revcycle</h1>
      <h2>Sign in</h2>
      {reason && (
        <p className="notice" role="status">
          {reason}
        </p>
      )}
      <Form onSubmit={submit(() => run(userName, password))}>
        <Field
          label="User name"
          name="userName"
          autoComplete="username"
          value={userName}
          onChange={setUserName}
          autoFocus
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <Problem error={error} />
        <Button type="submit" isDisabled={busy}>
          Sign in
        </Button>
      </Form>
    </main>
  );
}

export function SecondFactorStep() {
  const [code, setCode] = useState('');
  const { run, error, busy } = useStep(giveSecondFactor);
  return (
    <main className="sign-in" aria-busy={busy}>
      <h1>Second factor</h1>
      <p>Enter the 6-digit code your authenticator app shows for revcycle.</p>
      <Form onSubmit={submit(() => run(code))}>
        <Field
          label="Code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          autoFocus
        />
        <Problem error={error} />
        <Button type="submit" isDisabled={busy}>
          Verify
        </Button>
      </Form>
    </main>
  );
}

export function EnrollmentStep() {
  const [enrollment, setEnrollment] = useState<{ secret: string; otpauthUri: string }>();
  const [loadError, setLoadError] = useState<unknown>();
  const [code, setCode] = useState('');
  const { run, error, busy } = useStep(confirmEnrollment);
  useEffect(() => {
    beginEnrollment().then(setEnrollment, setLoadError);
  }, []);
  return (
    <main className="sign-in" aria-busy={busy}>
      <h1>Set up your second factor</h1>
      <p>
        Your role needs a one-time code at each sign-in. Add this key to an authenticator app (time-based, 6
        digits):
      </p>
      <Problem error={loadError} />
      {enrollment && (
        <>
          <p>
            <code className="secret" data-testid="totp-secret">
              {enrollment.secret.replace(/(.{4})(?=.)/g, '$1 ')}
            </code>
          </p>
          <p className="small">
            Or open on this device:{' '}
            <a href={enrollment.otpauthUri}>{decodeURIComponent(enrollment.otpauthUri.split('?')[0])}</a>
          </p>
        </>
      )}
      <Form onSubmit={submit(() => run(code))}>
        <Field
          label="Code from the app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
        />
        <Problem error={error} />
        <Button type="submit" isDisabled={busy || !enrollment}>
          Confirm
        </Button>
      </Form>
    </main>
  );
}

export function PasswordChangeStep() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { run, error, busy } = useStep(changePassword);
  return (
    <main className="sign-in" aria-busy={busy}>
      <h1>Choose your password</h1>
      <p>The password you signed in with was handed to you; choose your own (at least 12 characters).</p>
      <Form onSubmit={submit(() => run(current, next))}>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          autoFocus
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
        />
        <Problem error={error} />
        <Button type="submit" isDisabled={busy}>
          Save password
        </Button>
      </Form>
    </main>
  );
}
