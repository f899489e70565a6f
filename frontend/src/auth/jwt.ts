// Reading a JWT's claims. The page does not verify signatures: it receives its tokens straight from the issuer's token
// endpoint (OpenID Connect Core 3.1.3.7 allows that), and the API's authorizer is what verifies them.

export type Claims = Record<string, unknown>;

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The payload of a compact JWS, or null when the token is not one (an opaque access token, say). */
export function claimsOf(token: string): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = decodeSegment(parts[1]);
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Claims) : null;
  } catch {
    return null;
  }
}

/** `exp` in milliseconds since the epoch, or null when the claims have none. */
export function expiryOf(claims: Claims | null): number | null {
  const exp = claims?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

/** Whether `aud` (a string or a list) names the client. */
export function audienceIncludes(claims: Claims, clientId: string): boolean {
  const aud = claims.aud;
  return aud === clientId || (Array.isArray(aud) && aud.includes(clientId));
}

/** The name to show for the signed-in user. */
export function userOf(claims: Claims | null): string {
  for (const key of ['email', 'preferred_username', 'name', 'cognito:username', 'sub']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return 'signed-in user';
}
