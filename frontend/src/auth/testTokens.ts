import { base64Url } from './pkce';

/** A JWT with the given claims and no valid signature: the page reads claims, it does not verify them. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(claims)}.c2lnbmF0dXJl`;
}
