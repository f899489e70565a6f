import { SignInError } from './errors';

/** The parts of the issuer's OpenID Provider metadata the page uses. */
export interface IssuerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Reads `{issuer}/.well-known/openid-configuration`; a SignInError says what is wrong with it. */
export async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<IssuerMetadata> {
  const url = discoveryUrl(issuer);
  const check = 'Check auth.issuer in config.json';
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: 'application/json' } });
  } catch {
    throw new SignInError(
      'Cannot reach the sign-in service',
      `The page could not read ${url} (the network failed, or the issuer does not allow this page's origin). ${check}, and that this computer can reach the issuer.`,
    );
  }
  if (!response.ok) {
    throw new SignInError('The sign-in service is not set up as expected', `${url} answered HTTP ${response.status}. ${check}: it must be the issuer's base URL (the part before /.well-known).`);
  }
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new SignInError('The sign-in service is not set up as expected', `${url} did not answer with JSON. ${check}: it must be an OpenID Connect issuer.`);
  }
  const missing = ['issuer', 'authorization_endpoint', 'token_endpoint'].filter((k) => typeof body?.[k] !== 'string' || !body[k]);
  if (missing.length > 0) {
    throw new SignInError('The sign-in service is not set up as expected', `${url} has no ${missing.join(', ')}. ${check}: it must be an OpenID Connect issuer.`);
  }
  if (!sameIssuer(body.issuer as string, issuer)) {
    throw new SignInError(
      'The sign-in service names another issuer',
      `${url} says its issuer is ${body.issuer as string}, not ${issuer}. Set auth.issuer in config.json to ${body.issuer as string}.`,
    );
  }
  return {
    issuer: body.issuer as string,
    authorization_endpoint: body.authorization_endpoint as string,
    token_endpoint: body.token_endpoint as string,
    ...(typeof body.end_session_endpoint === 'string' && body.end_session_endpoint ? { end_session_endpoint: body.end_session_endpoint } : {}),
  };
}
