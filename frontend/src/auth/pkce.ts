// The random values and the S256 code challenge of the authorization code flow with PKCE (RFC 7636), from WebCrypto.

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unguessable URL-safe string (32 random bytes: 43 characters, as RFC 7636 asks of a verifier). */
export function randomToken(source: Pick<Crypto, 'getRandomValues'> = crypto, bytes = 32): string {
  return base64Url(source.getRandomValues(new Uint8Array(bytes)));
}

/** BASE64URL(SHA-256(verifier)): the code_challenge for code_challenge_method=S256. */
export async function codeChallenge(verifier: string, subtle: SubtleCrypto = crypto.subtle): Promise<string> {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
