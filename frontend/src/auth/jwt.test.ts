import { describe, expect, it } from 'vitest';
import { audienceIncludes, claimsOf, expiryOf, userOf } from './jwt';
import { unsignedJwt } from './testTokens';

describe('JWT claims', () => {
  it('reads the payload, including non-ASCII text', () => {
    const claims = claimsOf(unsignedJwt({ sub: 'u1', name: 'Zoë', exp: 2_000_000_000, aud: ['a', 'etl-web'] }));
    expect(claims).toMatchObject({ sub: 'u1', name: 'Zoë' });
    expect(expiryOf(claims)).toBe(2_000_000_000_000);
    expect(audienceIncludes(claims!, 'etl-web')).toBe(true);
    expect(audienceIncludes(claims!, 'other')).toBe(false);
    expect(userOf(claims)).toBe('Zoë');
  });

  it('says null for an opaque token or a broken payload', () => {
    expect(claimsOf('opaque-access-token')).toBeNull();
    expect(claimsOf('a.%%%.c')).toBeNull();
    expect(expiryOf(null)).toBeNull();
  });
});
