import { describe, expect, it } from 'vitest';
import { readAuthSection } from './config';

describe('config.json auth section', () => {
  it('means no sign-in when absent, null or without an issuer', () => {
    expect(readAuthSection(undefined)).toEqual({ auth: null, problem: null });
    expect(readAuthSection(null)).toEqual({ auth: null, problem: null });
    expect(readAuthSection({ issuer: '' })).toEqual({ auth: null, problem: null });
  });

  it('reads the issuer and client with the defaults: id token, no extra scopes, no audience', () => {
    expect(readAuthSection({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab/', clientId: ' abc ' })).toEqual({
      auth: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab', clientId: 'abc', scopes: [], audience: null, tokenType: 'id' },
      problem: null,
    });
    expect(readAuthSection({ issuer: 'http://127.0.0.1:9000', clientId: 'c', scopes: 'openid email profile', audience: 'api', tokenType: 'access' }).auth).toEqual({
      issuer: 'http://127.0.0.1:9000',
      clientId: 'c',
      scopes: ['email', 'profile'],
      audience: 'api',
      tokenType: 'access',
    });
  });

  it.each([
    [{ issuer: 'https://id.example.com' }, /auth\.clientId is missing/],
    [{ issuer: 'http://id.example.com', clientId: 'c' }, /must use https/],
    [{ issuer: 'not a url', clientId: 'c' }, /is not a URL/],
    [{ issuer: 'https://id.example.com', clientId: 'c', tokenType: 'refresh' }, /tokenType must be "id" or "access"/],
    [{ issuer: 'https://id.example.com', clientId: 'c', scopes: 3 }, /auth\.scopes must be a list/],
    ['https://id.example.com', /"auth" must be an object/],
  ])('names what to fix in %j', (section, problem) => {
    const read = readAuthSection(section);
    expect(read.auth).toBeNull();
    expect(read.problem).toMatch(/^config\.json: /);
    expect(read.problem).toMatch(problem);
  });
});
