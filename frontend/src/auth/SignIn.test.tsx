import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { ApiAuth, ApiClient } from '../api/client';
import { fakeApi } from '../test/fakes';
import type { AuthConfig } from './config';
import type { OidcSession, SessionState } from './session';

const auth: AuthConfig = { issuer: 'https://id.example.test', clientId: 'etl-web', scopes: [], audience: null, tokenType: 'id' };

/** A session that is already in the given state (the flow itself is tested in session.test.ts). */
function fakeSession(state: SessionState) {
  const listeners = new Set<(s: SessionState) => void>();
  const session = {
    state,
    subscribe: (l: (s: SessionState) => void) => (listeners.add(l), () => listeners.delete(l)),
    start: vi.fn(async () => state),
    signOut: vi.fn(async () => {
      session.state = { kind: 'signed-out' };
      for (const l of listeners) l(session.state);
      return session.state;
    }),
    retry: vi.fn(async () => state),
    bearer: () => 'token',
    refused: () => 'signing-in' as const,
    accepted: () => {},
  };
  return session;
}

describe('the page and its sign-in', () => {
  it('without an auth section: no sign-in, and the API client gets no authorization (local mode)', async () => {
    const client = vi.fn((_base: string, _auth?: ApiAuth) => fakeApi() as unknown as ApiClient);
    const session = vi.fn();
    render(<App config={async () => ({ apiBaseUrl: '' })} client={client} session={session} />);
    await screen.findByText('No jobs yet');
    expect(client).toHaveBeenCalledWith('');
    expect(session).not.toHaveBeenCalled();
    expect(screen.queryByRole('group', { name: 'Account' })).toBeNull();
  });

  it('with an issuer: shows who is signed in, and signs out on request', async () => {
    const session = fakeSession({ kind: 'signed-in', user: 'ada@example.test' });
    const client = vi.fn((_base: string, _auth?: ApiAuth) => fakeApi() as unknown as ApiClient);
    render(<App config={async () => ({ apiBaseUrl: 'https://api.example.test', auth })} client={client} session={() => session as unknown as OidcSession} />);
    const account = await screen.findByRole('group', { name: 'Account' });
    expect(account).toHaveTextContent('Signed in as ada@example.test');
    await screen.findByText('No jobs yet');
    expect(client.mock.calls[0][1]).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(session.signOut).toHaveBeenCalled();
    await screen.findByRole('heading', { name: 'You are signed out' });
    expect(screen.queryByText('No jobs yet')).toBeNull();
  });

  it('shows a sign-in error instead of the views, with a way to try again', async () => {
    const session = fakeSession({ kind: 'error', error: Object.assign(new Error('x'), { name: 'SignInError', title: 'Cannot reach the sign-in service', detail: 'The page could not read https://id.example.test/.well-known/openid-configuration.' }) as never });
    render(<App config={async () => ({ apiBaseUrl: '', auth })} client={() => fakeApi() as unknown as ApiClient} session={() => session as unknown as OidcSession} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot reach the sign-in service');
    expect(alert).toHaveTextContent('/.well-known/openid-configuration');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(session.retry).toHaveBeenCalled();
  });

  it('says what to fix when config.json has an unusable auth section', async () => {
    render(<App config={async () => ({ apiBaseUrl: '', authProblem: 'config.json: auth.clientId is missing.' })} client={() => fakeApi() as unknown as ApiClient} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('config.json: auth.clientId is missing. Then reload the page.');
  });
});
