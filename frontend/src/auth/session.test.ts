import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthConfig } from './config';
import { codeChallenge } from './pkce';
import { OidcSession, type Browser } from './session';
import { unsignedJwt } from './testTokens';

const ISSUER = 'https://id.example.test/pool';
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const config: AuthConfig = { issuer: ISSUER, clientId: 'etl-web', scopes: ['email'], audience: null, tokenType: 'id' };
const metadata = {
  issuer: ISSUER,
  authorization_endpoint: 'https://id.example.test/oauth2/authorize',
  token_endpoint: 'https://id.example.test/oauth2/token',
};

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeBrowser implements Browser {
  address = 'https://app.example.test/etl/#/datasets';
  visited: string[] = [];
  /** The nonce of the last authorization request: the one the issuer puts into the ID token. */
  nonce: string | null = null;
  href = () => this.address;
  navigate = (url: string) => {
    this.visited.push(url);
    this.nonce = new URL(url).searchParams.get('nonce') ?? this.nonce;
  };
  replaceAddress = (url: string) => void (this.address = url);
}

describe('OidcSession', () => {
  let storage: Storage;
  let browser: FakeBrowser;
  let tokenAnswer: () => Response;
  let fetch: ReturnType<typeof vi.fn>;
  const open = (overrides: Partial<AuthConfig> = {}, meta: object = metadata) => {
    fetch = vi.fn(async (url: string) => (url === `${ISSUER}/.well-known/openid-configuration` ? json(200, meta) : tokenAnswer()));
    return new OidcSession({ ...config, ...overrides }, { fetch: fetch as unknown as typeof globalThis.fetch, storage, browser, now: () => NOW });
  };
  const idToken = (claims: Record<string, unknown> = {}) =>
    unsignedJwt({ iss: ISSUER, aud: 'etl-web', sub: 'u-1', email: 'ada@example.test', exp: NOW / 1000 + 3600, nonce: browser.nonce, ...claims });
  const pendingOf = () => JSON.parse(storage.getItem('etl.auth.pending') ?? '{}') as { state: string; nonce: string; verifier: string };

  /** Starts a sign-in and comes back from the issuer with a code. */
  async function signInAndReturn(session: OidcSession, answer: (claims?: Record<string, unknown>) => Response = () => json(200, { id_token: idToken(), access_token: 'opaque', expires_in: 3600 })) {
    await session.start();
    const { state } = pendingOf();
    tokenAnswer = () => answer();
    browser.address = `https://app.example.test/etl/?code=the-code&state=${state}`;
    return open().start();
  }

  beforeEach(() => {
    storage = memoryStorage();
    browser = new FakeBrowser();
    tokenAnswer = () => json(500, {});
  });

  it('sends a user without a session to the authorization endpoint, with PKCE S256, state and nonce', async () => {
    const state = await open().start();
    expect(state.kind).toBe('redirecting');
    expect(browser.visited).toHaveLength(1);
    const target = new URL(browser.visited[0]);
    expect(`${target.origin}${target.pathname}`).toBe(metadata.authorization_endpoint);
    const q = Object.fromEntries(target.searchParams);
    const pending = pendingOf();
    expect(q).toEqual({
      response_type: 'code',
      client_id: 'etl-web',
      redirect_uri: 'https://app.example.test/etl/',
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    expect(pending.verifier).not.toBe(q.code_challenge);
  });

  it('exchanges the code with the verifier, keeps the tokens in the session and cleans the address', async () => {
    const session = open();
    await session.start();
    const pending = pendingOf();
    tokenAnswer = () => json(200, { id_token: idToken(), access_token: 'opaque', expires_in: 3600 });
    browser.address = `https://app.example.test/etl/?code=the-code&state=${pending.state}`;
    const state = await open().start();

    expect(state).toEqual({ kind: 'signed-in', user: 'ada@example.test' });
    expect(browser.address).toBe('https://app.example.test/etl/#/datasets');
    const [url, init] = fetch.mock.calls.at(-1) as [string, RequestInit];
    expect(url).toBe(metadata.token_endpoint);
    expect(init.method).toBe('POST');
    expect(Object.fromEntries(init.body as URLSearchParams)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example.test/etl/',
      client_id: 'etl-web',
      code_verifier: pending.verifier,
    });
    expect(storage.getItem('etl.auth.pending')).toBeNull();
    expect(JSON.parse(storage.getItem('etl.auth.tokens')!).bearer).toBe(JSON.parse(storage.getItem('etl.auth.tokens')!).idToken);
  });

  it('sends the access token instead when auth.tokenType is "access"', async () => {
    const session = open({ tokenType: 'access' });
    await session.start();
    tokenAnswer = () => json(200, { id_token: idToken(), access_token: 'opaque-access', expires_in: 600 });
    browser.address = `https://app.example.test/etl/?code=c&state=${pendingOf().state}`;
    const returned = open({ tokenType: 'access' });
    await returned.start();
    expect(returned.bearer()).toBe('opaque-access');
    expect(JSON.parse(storage.getItem('etl.auth.tokens')!).expiresAt).toBe(NOW + 600_000);
  });

  it('refuses an answer whose state is not the one it sent, without asking for tokens', async () => {
    await open().start();
    browser.address = 'https://app.example.test/etl/?code=c&state=forged';
    const state = await open().start();
    expect(state.kind).toBe('error');
    expect(state.kind === 'error' && state.error.title).toBe('This sign-in answer is not for this page');
    expect(fetch.mock.calls.some(([url]) => url === metadata.token_endpoint)).toBe(false);
    expect(browser.address).not.toMatch(/code=|state=/);
  });

  it('says what the token endpoint answered when it refuses the code (a wrong PKCE verifier)', async () => {
    const state = await signInAndReturn(open(), () => json(400, { error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge' }));
    expect(state.kind).toBe('error');
    if (state.kind !== 'error') return;
    expect(state.error.title).toBe('The sign-in service refused the sign-in code');
    expect(state.error.detail).toContain(metadata.token_endpoint);
    expect(state.error.detail).toContain('"invalid_grant": code_verifier does not match the code_challenge');
    expect(state.error.detail).toContain('https://app.example.test/etl/');
    expect(storage.getItem('etl.auth.tokens')).toBeNull();
  });

  it('refuses an ID token minted for another sign-in (nonce) or another client (aud)', async () => {
    let state = await signInAndReturn(open(), () => json(200, { id_token: idToken({ nonce: 'other' }) }));
    expect(state.kind === 'error' && state.error.detail).toMatch(/nonce/);
    storage.clear();
    state = await signInAndReturn(open(), () => json(200, { id_token: idToken({ aud: 'someone-else' }) }));
    expect(state.kind === 'error' && state.error.detail).toMatch(/audience is "someone-else"/);
  });

  it('shows the issuer error the user came back with', async () => {
    await open().start();
    browser.address = `https://app.example.test/etl/?error=access_denied&error_description=User+cancelled&state=${pendingOf().state}`;
    const state = await open().start();
    expect(state.kind === 'error' && state.error.detail).toContain('"access_denied": User cancelled');
  });

  it('says where discovery failed and what to check', async () => {
    const session = new OidcSession(config, {
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof globalThis.fetch,
      storage,
      browser,
      now: () => NOW,
    });
    const state = await session.start();
    expect(state.kind).toBe('error');
    expect(state.kind === 'error' && state.error.detail).toContain(`${ISSUER}/.well-known/openid-configuration`);
    expect(state.kind === 'error' && state.error.detail).toContain('auth.issuer in config.json');
    expect(browser.visited).toEqual([]);
  });

  it('starts a new sign-in when the token has expired, instead of sending it', async () => {
    await signInAndReturn(open(), () => json(200, { id_token: idToken({ exp: NOW / 1000 + 3600 }) }));
    const later = new OidcSession(config, { fetch: fetch as unknown as typeof globalThis.fetch, storage, browser, now: () => NOW + 3600_000 });
    browser.visited = [];
    expect(later.bearer()).toBeNull();
    await vi.waitFor(() => expect(browser.visited).toHaveLength(1));
    expect(browser.visited[0]).toMatch(/^https:\/\/id\.example\.test\/oauth2\/authorize\?/);
    expect(storage.getItem('etl.auth.tokens')).toBeNull();
  });

  it('signs in again once after a 401, then stops with an explanation instead of looping', async () => {
    let session = await (async () => {
      await signInAndReturn(open());
      return open();
    })();
    await session.start();
    browser.visited = [];
    expect(session.refused()).toBe('signing-in');
    await vi.waitFor(() => expect(browser.visited).toHaveLength(1));
    expect(session.refused()).toBe('signing-in'); // further 401s of the same moment start nothing more
    expect(browser.visited).toHaveLength(1);

    // Back from the issuer with a new token, which the API refuses too.
    tokenAnswer = () => json(200, { id_token: idToken() });
    browser.address = `https://app.example.test/etl/?code=c2&state=${pendingOf().state}`;
    session = open();
    expect((await session.start()).kind).toBe('signed-in');
    expect(session.refused()).toBe('gave-up');
    expect(session.state.kind === 'error' && session.state.error.title).toBe('The API does not accept your sign-in');
    expect(browser.visited).toHaveLength(1);
  });

  it('may sign in again after a 401 once a call has been accepted since', async () => {
    await signInAndReturn(open());
    let session = open();
    await session.start();
    session.refused();
    tokenAnswer = () => json(200, { id_token: idToken() });
    browser.address = `https://app.example.test/etl/?code=c2&state=${pendingOf().state}`;
    session = open();
    await session.start();
    session.accepted();
    expect(session.refused()).toBe('signing-in');
  });

  it('signs out: forgets the tokens and stays signed out on the next load', async () => {
    await signInAndReturn(open());
    const session = open();
    await session.start();
    expect((await session.signOut()).kind).toBe('signed-out');
    expect(storage.getItem('etl.auth.tokens')).toBeNull();
    browser.visited = [];
    expect((await open().start()).kind).toBe('signed-out');
    expect(browser.visited).toEqual([]);
  });

  it('signs out at the issuer too when it has an end_session_endpoint', async () => {
    const withEnd = { ...metadata, end_session_endpoint: 'https://id.example.test/logout' };
    await open({}, withEnd).start();
    tokenAnswer = () => json(200, { id_token: idToken() });
    browser.address = `https://app.example.test/etl/?code=c&state=${pendingOf().state}`;
    const session = open({}, withEnd);
    await session.start();
    browser.visited = [];
    await session.signOut();
    const target = new URL(browser.visited[0]);
    expect(`${target.origin}${target.pathname}`).toBe('https://id.example.test/logout');
    expect(target.searchParams.get('post_logout_redirect_uri')).toBe('https://app.example.test/etl/');
    expect(target.searchParams.get('client_id')).toBe('etl-web');
    expect(target.searchParams.get('id_token_hint')).toMatch(/^ey/);
  });
});
