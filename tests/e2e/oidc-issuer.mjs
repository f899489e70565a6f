// A loopback OpenID Connect issuer for the sign-in tests, in plain node: discovery, a JWKS with a fresh RSA key, an
// authorization endpoint that approves a test user straight away, a token endpoint that checks the client, the redirect
// URI and the PKCE code_verifier (S256) and answers RS256-signed ID and access tokens, and an end-session endpoint.
// Everything it was asked is recorded, so the tests can say what the page sent.
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function signJwt(claims, privateKey, kid) {
  const signingInput = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Starts the issuer on 127.0.0.1:port. clientId and redirectUris are the registered (public) app client; allowedOrigins
 * get CORS on the token endpoint. user: the claims of the test user.
 */
export function startIssuer({ port, clientId, redirectUris, allowedOrigins, user = { sub: 'user-ada', email: 'ada@example.test', name: 'Ada Lovelace' }, tokenTtlSeconds = 3600 }) {
  const url = `http://127.0.0.1:${port}`;
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A key the issuer never publishes: tokens signed with it look right but fail verification.
  const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const codes = new Map();
  const log = { authorize: [], token: [], logout: [] };

  const send = (response, status, body, headers = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    response.end(JSON.stringify(body));
  };
  const cors = (request) => {
    const origin = request.headers.origin;
    return origin && allowedOrigins.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
  };
  const tokenError = (request, response, error, description, outcome) => {
    log.token.at(-1).outcome = outcome;
    send(response, 400, { error, error_description: description }, cors(request));
  };

  const metadata = {
    issuer: url,
    authorization_endpoint: `${url}/authorize`,
    token_endpoint: `${url}/token`,
    jwks_uri: `${url}/jwks`,
    end_session_endpoint: `${url}/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'email', 'profile'],
  };

  const server = createServer(async (request, response) => {
    const here = new URL(request.url, url);
    if (request.method === 'GET' && here.pathname === '/.well-known/openid-configuration') {
      return send(response, 200, metadata, { 'Access-Control-Allow-Origin': '*' });
    }
    if (request.method === 'GET' && here.pathname === '/jwks') {
      return send(response, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }, { 'Access-Control-Allow-Origin': '*' });
    }
    if (request.method === 'GET' && here.pathname === '/authorize') {
      const q = Object.fromEntries(here.searchParams);
      log.authorize.push(q);
      if (q.client_id !== clientId || !redirectUris.includes(q.redirect_uri)) {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        return response.end(`Unknown client ${q.client_id} or redirect_uri ${q.redirect_uri} not registered for it.`);
      }
      const back = new URL(q.redirect_uri);
      if (q.state) back.searchParams.set('state', q.state);
      if (q.response_type !== 'code') back.searchParams.set('error', 'unsupported_response_type');
      else if (q.code_challenge_method !== 'S256' || !q.code_challenge) back.searchParams.set('error', 'invalid_request');
      else if (!(q.scope ?? '').split(' ').includes('openid')) back.searchParams.set('error', 'invalid_scope');
      else {
        // The test user approves at once.
        const code = randomBytes(24).toString('base64url');
        codes.set(code, { clientId: q.client_id, redirectUri: q.redirect_uri, challenge: q.code_challenge, nonce: q.nonce, scope: q.scope });
        back.searchParams.set('code', code);
      }
      response.writeHead(302, { Location: back.toString(), 'Cache-Control': 'no-store' });
      return response.end();
    }
    if (here.pathname === '/token') {
      if (request.method === 'OPTIONS') {
        response.writeHead(204, { ...cors(request), 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '' });
        return response.end();
      }
      if (request.method !== 'POST') return send(response, 405, { error: 'invalid_request' });
      const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
      log.token.push({ form, origin: request.headers.origin ?? null, outcome: 'pending' });
      if (form.grant_type !== 'authorization_code') return tokenError(request, response, 'unsupported_grant_type', 'Only authorization_code is supported.', 'grant');
      const grant = codes.get(form.code);
      codes.delete(form.code); // a code is good for one exchange, right or wrong
      if (!grant) return tokenError(request, response, 'invalid_grant', 'The authorization code is unknown or was used already.', 'code');
      if (form.client_id !== grant.clientId) return tokenError(request, response, 'invalid_client', 'client_id is not the client the code was issued to.', 'client');
      if (form.redirect_uri !== grant.redirectUri) return tokenError(request, response, 'invalid_grant', 'redirect_uri differs from the authorization request.', 'redirect_uri');
      const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
      if (challenge !== grant.challenge) return tokenError(request, response, 'invalid_grant', 'PKCE verification failed: code_verifier does not match the code_challenge.', 'pkce-mismatch');
      const now = Math.floor(Date.now() / 1000);
      const common = { iss: url, aud: clientId, sub: user.sub, iat: now, exp: now + tokenTtlSeconds };
      const idToken = signJwt({ ...common, ...user, nonce: grant.nonce, token_use: 'id' }, privateKey, kid);
      const accessToken = signJwt({ ...common, client_id: clientId, scope: grant.scope, token_use: 'access' }, privateKey, kid);
      log.token.at(-1).outcome = 'issued';
      return send(response, 200, { id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: tokenTtlSeconds }, cors(request));
    }
    if (request.method === 'GET' && here.pathname === '/logout') {
      const q = Object.fromEntries(here.searchParams);
      log.logout.push(q);
      if (q.client_id !== clientId || !redirectUris.includes(q.post_logout_redirect_uri)) {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        return response.end('Unknown client or post_logout_redirect_uri.');
      }
      response.writeHead(302, { Location: q.post_logout_redirect_uri });
      return response.end();
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('Not found');
  });

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url,
        clientId,
        log,
        /** A token as the issuer would sign it (or, with foreign: true, as an impostor would). */
        mint(claims, { foreign = false } = {}) {
          const now = Math.floor(Date.now() / 1000);
          return signJwt({ iss: url, aud: clientId, sub: user.sub, iat: now, exp: now + tokenTtlSeconds, token_use: 'id', ...claims }, foreign ? foreignKey : privateKey, kid);
        },
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });
}
