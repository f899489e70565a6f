import { Notice } from '../components/Notice';
import type { SessionState } from './session';

/** Where the page is in signing in, shown in place of the views until the user is signed in. */
export function SignInPanel({ state, onSignIn }: { state: SessionState; onSignIn(): void }) {
  if (state.kind === 'error') {
    return (
      <section className="card sign-in" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Sign in</h2>
        <Notice
          tone="error"
          role="alert"
          title={state.error.title}
          action={
            <button type="button" className="button button-primary" onClick={onSignIn}>
              Sign in again
            </button>
          }
        >
          <p>{state.error.detail}</p>
        </Notice>
      </section>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <section className="card sign-in" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">You are signed out</h2>
        <p>This Agentic ETL API needs you to sign in before it shows or accepts any files.</p>
        <button type="button" className="button button-primary" onClick={onSignIn}>
          Sign in
        </button>
      </section>
    );
  }
  return (
    <p className="muted loading" role="status">
      {state.kind === 'redirecting' ? 'Going to the sign-in page…' : 'Signing in…'}
    </p>
  );
}

/** The signed-in user, and the way out. */
export function AccountStatus({ user, onSignOut }: { user: string; onSignOut(): void }) {
  return (
    <div className="account" role="group" aria-label="Account">
      <span className="account-user">
        Signed in as <strong>{user}</strong>
      </span>
      <button type="button" className="button button-small" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
