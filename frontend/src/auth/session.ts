import type { AuthConfig } from './config';
import { discover, type IssuerMetadata } from './discovery';
import { SignInError } from './errors';
import { audienceIncludes, claimsOf, expiryOf, userOf } from './jwt';
import { codeChallenge, randomToken } from './pkce';
import { SessionStore, type PendingSignIn, type SignedIn } from './store';

export type SessionState =
  | { kind: 'starting' }
  | { kind: 'redirecting' }
  | { kind: 'signed-in'; user: string }
  | { kind: 'signed-out' }
  | { kind: 'error'; error: SignInError };

/** The browser around the page; replaced in tests. */
export interface Browser {
  href(): string;
  /** Leaves the page for url. */
  navigate(url: string): void;
  /** Changes the address without loading a page (history.replaceState). */
  replaceAddress(url: string): void;
}

export interface SessionDeps {
  fetch?: typeof fetch;
  storage?: Storage;
  browser?: Browser;
  now?: () => number;
  crypto?: Crypto;
}

/** A token this close to its expiry counts as expired: the request it goes with must still arrive in time. */
export const EXPIRY_MARGIN_MS = 30_000;

export const windowBrowser: Browser = {
  href: () => window.location.href,
  navigate: (url) => window.location.assign(url),
  replaceAddress: (url) => {
    const before = window.location.hash;
    window.history.replaceState(window.history.state, '', url);
    // The router follows the fragment through hashchange, which replaceState does not fire.
    if (window.location.hash !== before) window.dispatchEvent(new HashChangeEvent('hashchange'));
  },
};

/**
 * Signing in to an OpenID Connect issuer with the authorization code flow and PKCE (S256), as a public client: no
 * secret. The tokens live in sessionStorage; {@link bearer} gives the token for the API, or starts a new sign-in when
 * it has expired; {@link refused} handles the API's 401 (sign in again once, then stop and say why).
 */
export class OidcSession {
  private readonly store: SessionStore;
  private readonly fetch: typeof fetch;
  private readonly browser: Browser;
  private readonly now: () => number;
  private readonly crypto: Crypto;
  private metadataRequest: Promise<IssuerMetadata> | null = null;
  private redirecting = false;
  private current: SessionState = { kind: 'starting' };
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(
    readonly config: AuthConfig,
    deps: SessionDeps = {},
  ) {
    this.store = new SessionStore(deps.storage ?? window.sessionStorage);
    this.fetch = deps.fetch ?? ((input, init) => fetch(input, init));
    this.browser = deps.browser ?? windowBrowser;
    this.now = deps.now ?? Date.now;
    this.crypto = deps.crypto ?? crypto;
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: SessionState): SessionState {
    this.current = state;
    for (const listener of this.listeners) listener(state);
    return state;
  }

  /** The page's address without query and fragment: where the issuer sends the user back. */
  get redirectUri(): string {
    const url = new URL(this.browser.href());
    return `${url.origin}${url.pathname}`;
  }

  private metadata(): Promise<IssuerMetadata> {
    this.metadataRequest ??= discover(this.config.issuer, this.fetch).catch((error: unknown) => {
      this.metadataRequest = null; // ask again next time
      throw error;
    });
    return this.metadataRequest;
  }

  /** At page load: completes a sign-in the issuer answered, keeps a valid one, or starts one. */
  async start(): Promise<SessionState> {
    const url = new URL(this.browser.href());
    const returnedState = url.searchParams.get('state');
    if (returnedState !== null && (url.searchParams.has('code') || url.searchParams.has('error'))) {
      return this.complete(url, returnedState);
    }
    const tokens = this.validTokens();
    if (tokens) return this.set({ kind: 'signed-in', user: tokens.user });
    if (this.store.signedOut) return this.set({ kind: 'signed-out' });
    return this.signIn();
  }

  /** Sends the user to the issuer's authorization endpoint. */
  async signIn(returnTo: string = new URL(this.browser.href()).hash): Promise<SessionState> {
    if (this.redirecting) return this.current;
    this.redirecting = true;
    this.set({ kind: 'redirecting' });
    try {
      const metadata = await this.metadata();
      const pending: PendingSignIn = {
        state: randomToken(this.crypto),
        nonce: randomToken(this.crypto),
        verifier: randomToken(this.crypto),
        redirectUri: this.redirectUri,
        returnTo,
      };
      const target = new URL(metadata.authorization_endpoint);
      const query = target.searchParams;
      query.set('response_type', 'code');
      query.set('client_id', this.config.clientId);
      query.set('redirect_uri', pending.redirectUri);
      query.set('scope', ['openid', ...this.config.scopes].join(' '));
      query.set('state', pending.state);
      query.set('nonce', pending.nonce);
      query.set('code_challenge', await codeChallenge(pending.verifier, this.crypto.subtle));
      query.set('code_challenge_method', 'S256');
      if (this.config.audience) query.set('audience', this.config.audience);
      this.store.pending = pending;
      this.store.signedOut = false;
      this.browser.navigate(target.toString());
      return this.current;
    } catch (error) {
      this.redirecting = false;
      return this.set({ kind: 'error', error: asSignInError(error) });
    }
  }

  private async complete(url: URL, returnedState: string): Promise<SessionState> {
    const pending = this.store.pending;
    this.store.pending = null;
    // The code and state leave the address bar (and the history) whatever happens next.
    this.browser.replaceAddress(`${url.origin}${url.pathname}${pending?.returnTo ?? url.hash}`);
    try {
      const error = url.searchParams.get('error');
      if (error !== null) {
        const description = url.searchParams.get('error_description');
        throw new SignInError(
          'The sign-in service did not sign you in',
          `${this.config.issuer} answered "${error}"${description ? `: ${withoutFullStop(description)}` : ''}. Sign in again; if it happens again, ask the issuer's administrator whether app client ${this.config.clientId} may sign you in.`,
        );
      }
      if (!pending || pending.state !== returnedState) {
        throw new SignInError(
          'This sign-in answer is not for this page',
          'The answer from the sign-in service does not match the sign-in this page started (it may come from another tab or an old link). Sign in again.',
        );
      }
      const metadata = await this.metadata();
      const tokens = await this.exchange(metadata, pending, url.searchParams.get('code') ?? '');
      this.store.tokens = tokens;
      this.store.signedOut = false;
      return this.set({ kind: 'signed-in', user: tokens.user });
    } catch (error) {
      return this.set({ kind: 'error', error: asSignInError(error) });
    }
  }

  private async exchange(metadata: IssuerMetadata, pending: PendingSignIn, code: string): Promise<SignedIn> {
    const where = metadata.token_endpoint;
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: this.config.clientId,
      code_verifier: pending.verifier,
    });
    let response: Response;
    try {
      response = await this.fetch(where, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
      });
    } catch {
      throw new SignInError(
        'Cannot reach the sign-in service',
        `The page could not send the sign-in code to ${where} (the network failed, or the issuer does not allow this page's origin). Check that this computer can reach the issuer, then sign in again.`,
      );
    }
    let answer: Record<string, unknown> = {};
    try {
      answer = (await response.json()) as Record<string, unknown>;
    } catch {
      // described below by the status
    }
    if (!response.ok) {
      const reason = typeof answer.error === 'string' ? `"${answer.error}"${typeof answer.error_description === 'string' ? `: ${withoutFullStop(answer.error_description)}` : ''}` : `HTTP ${response.status}`;
      throw new SignInError(
        'The sign-in service refused the sign-in code',
        `${where} answered ${reason}. Sign in again; if it keeps failing, check that app client ${this.config.clientId} is a public client (no secret) that allows the authorization code grant, with ${pending.redirectUri} among its callback URLs.`,
      );
    }

    const idToken = typeof answer.id_token === 'string' ? answer.id_token : null;
    if (!idToken) throw new SignInError('The sign-in service sent no ID token', `${where} answered without an id_token. Check that app client ${this.config.clientId} allows the openid scope.`);
    const claims = claimsOf(idToken);
    if (!claims) throw new SignInError('The sign-in service sent an unreadable ID token', `The id_token from ${where} is not a JWT.`);
    const wrong = (what: string) => new SignInError('The ID token does not belong to this sign-in', `${what} Sign in again; if it happens again, check auth.issuer and auth.clientId in config.json.`);
    if (claims.iss !== metadata.issuer) throw wrong(`Its issuer is ${String(claims.iss)}, not ${metadata.issuer}.`);
    if (!audienceIncludes(claims, this.config.clientId)) throw wrong(`Its audience is ${JSON.stringify(claims.aud)}, not app client ${this.config.clientId}.`);
    if (claims.nonce !== pending.nonce) throw wrong('Its nonce is not the one this page sent.');

    const accessToken = typeof answer.access_token === 'string' ? answer.access_token : null;
    const bearer = this.config.tokenType === 'id' ? idToken : accessToken;
    if (!bearer) throw new SignInError('The sign-in service sent no access token', `${where} answered without an access_token, which auth.tokenType "access" asks for. Set auth.tokenType to "id" in config.json.`);
    const expiresIn = typeof answer.expires_in === 'number' ? this.now() + answer.expires_in * 1000 : null;
    const expiresAt = expiryOf(claimsOf(bearer)) ?? expiresIn ?? expiryOf(claims);
    if (expiresAt === null || expiresAt - EXPIRY_MARGIN_MS <= this.now()) {
      throw new SignInError(
        'The new token has already expired',
        `The ${this.config.tokenType} token from ${where} expires ${expiresAt === null ? 'at an unknown time' : `at ${new Date(expiresAt).toISOString()}`}. Check that this computer's clock is right, then sign in again.`,
      );
    }
    return { idToken, accessToken, bearer, expiresAt, user: userOf(claims) };
  }

  private validTokens(): SignedIn | null {
    const tokens = this.store.tokens;
    return tokens && tokens.expiresAt - EXPIRY_MARGIN_MS > this.now() ? tokens : null;
  }

  /** The token for the API's Authorization header; null when there is none (or it expired): a new sign-in is started. */
  bearer(): string | null {
    const tokens = this.validTokens();
    if (tokens) return tokens.bearer;
    this.store.tokens = null;
    void this.signIn();
    return null;
  }

  /** The API answered 401: sign in again, once. A second 401 straight after a new sign-in stops with an explanation. */
  refused(): 'signing-in' | 'gave-up' {
    if (this.redirecting) return 'signing-in';
    this.store.tokens = null;
    if (this.store.retried) {
      this.set({
        kind: 'error',
        error: new SignInError(
          'The API does not accept your sign-in',
          `It answered HTTP 401 to the ${this.config.tokenType} token ${this.config.issuer} had just issued, so signing in again would not help. Check that the API's JWT authorizer trusts issuer ${this.config.issuer} with audience ${this.config.audience ?? this.config.clientId}, and auth.tokenType in config.json ("id" or "access").`,
        ),
      });
      return 'gave-up';
    }
    this.store.retried = true;
    void this.signIn();
    return 'signing-in';
  }

  /** The API accepted a call: a later 401 may sign in again. */
  accepted(): void {
    if (this.store.retried) this.store.retried = false;
  }

  /** Starts over after an error: the next 401 may sign in again. */
  retry(): Promise<SessionState> {
    this.store.retried = false;
    return this.signIn();
  }

  /** Forgets the tokens; goes to the issuer's end_session_endpoint when it has one. */
  async signOut(): Promise<SessionState> {
    const idToken = this.store.tokens?.idToken;
    this.store.clear();
    this.store.signedOut = true;
    let end: string | undefined;
    try {
      end = (await this.metadata()).end_session_endpoint;
    } catch {
      // Signed out here all the same; the issuer's own session is left as it is.
    }
    if (end) {
      const target = new URL(end);
      target.searchParams.set('client_id', this.config.clientId);
      target.searchParams.set('post_logout_redirect_uri', this.redirectUri);
      if (idToken) target.searchParams.set('id_token_hint', idToken);
      this.set({ kind: 'redirecting' });
      this.browser.navigate(target.toString());
      return this.current;
    }
    return this.set({ kind: 'signed-out' });
  }
}

// The issuer's description goes into a sentence of ours.
const withoutFullStop = (text: string) => text.trim().replace(/\.+$/, '');

function asSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  return new SignInError('Signing in failed', `${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`);
}
