/** Which token the page sends as `Authorization: Bearer …`. */
export type TokenType = 'id' | 'access';

/** The `auth` section of config.json: the OpenID Connect issuer the API's JWT authorizer trusts. */
export interface AuthConfig {
  /** The issuer URL; its `/.well-known/openid-configuration` names the endpoints. */
  issuer: string;
  /** The app client (public: no secret) registered with the issuer for this page. */
  clientId: string;
  /** Scopes asked for besides `openid`. */
  scopes: string[];
  /** Sent as `audience` to issuers that mint access tokens per API (Auth0 and the like); null: not sent. */
  audience: string | null;
  tokenType: TokenType;
}

export interface AuthSection {
  /** Null: no sign-in (local mode, or an API without an authorizer). */
  auth: AuthConfig | null;
  /** What is wrong with the section, in words that say what to change; null when it is usable. */
  problem: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(problem: string): AuthSection {
  return { auth: null, problem: `config.json: ${problem}` };
}

/** Reads the `auth` section. Absent, null or without an issuer: no sign-in, as before. */
export function readAuthSection(raw: unknown): AuthSection {
  if (raw === undefined || raw === null) return { auth: null, problem: null };
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('"auth" must be an object such as {"issuer": "https://…", "clientId": "…"}.');
  const section = raw as Record<string, unknown>;
  const issuerText = typeof section.issuer === 'string' ? section.issuer.trim() : '';
  if (section.issuer !== undefined && section.issuer !== null && typeof section.issuer !== 'string') return fail('auth.issuer must be a URL string.');
  if (!issuerText) return { auth: null, problem: null };

  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuerText);
  } catch {
    return fail(`auth.issuer "${issuerText}" is not a URL. Give the issuer's address, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123.`);
  }
  if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && LOOPBACK.has(issuerUrl.hostname))) {
    return fail(`auth.issuer "${issuerText}" must use https (plain http is accepted only for a loopback issuer during development).`);
  }
  if (issuerUrl.search || issuerUrl.hash) return fail(`auth.issuer "${issuerText}" must not have a query or fragment.`);

  const clientId = typeof section.clientId === 'string' ? section.clientId.trim() : '';
  if (!clientId) return fail('auth.clientId is missing. Set it to the id of the app client registered with the issuer for this page (the stack output UserPoolClientId on AWS).');

  let scopes: string[] = [];
  if (typeof section.scopes === 'string') scopes = section.scopes.split(/\s+/);
  else if (Array.isArray(section.scopes) && section.scopes.every((s) => typeof s === 'string')) scopes = section.scopes as string[];
  else if (section.scopes !== undefined && section.scopes !== null) return fail('auth.scopes must be a list of scope names, e.g. ["email", "profile"].');
  scopes = scopes.map((s) => s.trim()).filter((s) => s && s !== 'openid');

  if (section.audience !== undefined && section.audience !== null && typeof section.audience !== 'string') return fail('auth.audience must be a string.');
  const audience = typeof section.audience === 'string' && section.audience.trim() ? section.audience.trim() : null;

  const tokenType = section.tokenType ?? 'id';
  if (tokenType !== 'id' && tokenType !== 'access') return fail(`auth.tokenType must be "id" or "access", not ${JSON.stringify(tokenType)}.`);

  return { auth: { issuer: issuerText.replace(/\/+$/, ''), clientId, scopes: [...new Set(scopes)], audience, tokenType }, problem: null };
}
