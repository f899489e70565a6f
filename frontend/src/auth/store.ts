// What the sign-in keeps between page loads, in sessionStorage: it lives as long as the tab, is not shared with other
// tabs and is gone when the browser closes (localStorage would keep a bearer token on disk indefinitely).

/** The tokens of a completed sign-in. */
export interface SignedIn {
  idToken: string;
  accessToken: string | null;
  /** The token sent to the API (the id or the access token, per auth.tokenType). */
  bearer: string;
  /** When the bearer token expires, in ms since the epoch. */
  expiresAt: number;
  user: string;
}

/** A sign-in the page started and the issuer has not answered yet. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** The address fragment (the view) to come back to. */
  returnTo: string;
}

const KEYS = {
  tokens: 'etl.auth.tokens',
  pending: 'etl.auth.pending',
  retried: 'etl.auth.retried',
  signedOut: 'etl.auth.signedOut',
} as const;

export class SessionStore {
  constructor(private readonly storage: Storage) {}

  private read<T>(key: string): T | null {
    try {
      const text = this.storage.getItem(key);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    if (value === null) this.storage.removeItem(key);
    else this.storage.setItem(key, JSON.stringify(value));
  }

  get tokens(): SignedIn | null {
    const tokens = this.read<SignedIn>(KEYS.tokens);
    return tokens && typeof tokens.bearer === 'string' && typeof tokens.expiresAt === 'number' ? tokens : null;
  }

  set tokens(value: SignedIn | null) {
    this.write(KEYS.tokens, value);
  }

  get pending(): PendingSignIn | null {
    return this.read<PendingSignIn>(KEYS.pending);
  }

  set pending(value: PendingSignIn | null) {
    this.write(KEYS.pending, value);
  }

  /** Set when a 401 sent the user to sign in again; cleared by the next accepted call. Stops a sign-in loop. */
  get retried(): boolean {
    return this.read<boolean>(KEYS.retried) === true;
  }

  set retried(value: boolean) {
    this.write(KEYS.retried, value ? true : null);
  }

  /** Set by "Sign out", so the page does not sign straight back in. */
  get signedOut(): boolean {
    return this.read<boolean>(KEYS.signedOut) === true;
  }

  set signedOut(value: boolean) {
    this.write(KEYS.signedOut, value ? true : null);
  }

  clear(): void {
    for (const key of Object.values(KEYS)) this.storage.removeItem(key);
  }
}
