// What API Gateway puts in front of the functions on AWS, for the sign-in tests: a loopback proxy before `etl serve`
// whose JWT authorizer lets a request through only with `Authorization: Bearer <JWT>` signed RS256 by a key in the
// issuer's JWKS, with the issuer's iss, the audience in aud (or client_id when there is no aud, as API Gateway does),
// and exp in the future; anything else gets 401 {"message":"Unauthorized"}. /health and CORS preflights pass without a
// token. /blobs/… stands for the S3 presigned URLs: they pass without a token, and like S3 they refuse a request that
// carries an Authorization header as well as a signature. Every request is recorded.
import { createPublicKey, verify } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';

function decode(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

export async function startGateway({ port, target, issuer, audience, allowedOrigins }) {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  let keys = new Map();
  const loadKeys = async () => {
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    keys = new Map(jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
  };
  await loadKeys();
  const upstream = new URL(target);
  const requests = [];
  const gateway = { url: `http://127.0.0.1:${port}`, requests, refuseAll: false };

  /** The claims of a token the authorizer accepts; otherwise throws with the reason. */
  async function check(header) {
    const match = /^Bearer ([^\s]+)$/.exec(header ?? '');
    if (!match) throw new Error('no bearer token');
    const parts = match[1].split('.');
    if (parts.length !== 3) throw new Error('not a JWT');
    const head = decode(parts[0]);
    if (head.alg !== 'RS256') throw new Error(`alg ${head.alg}`);
    if (!keys.has(head.kid)) await loadKeys();
    const key = keys.get(head.kid);
    if (!key) throw new Error(`unknown kid ${head.kid}`);
    if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) throw new Error('signature');
    const claims = decode(parts[1]);
    if (claims.iss !== discovery.issuer) throw new Error(`iss ${claims.iss}`);
    const aud = claims.aud === undefined ? [claims.client_id] : [claims.aud].flat();
    if (!aud.includes(audience)) throw new Error(`aud ${JSON.stringify(claims.aud)}`);
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('expired');
    if (typeof claims.nbf === 'number' && claims.nbf > now) throw new Error('not yet valid');
    return claims;
  }

  const corsFor = (request) => {
    const origin = request.headers.origin;
    return origin && allowedOrigins.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  };

  function forward(request, response) {
    const proxied = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      },
    );
    proxied.on('error', () => {
      response.writeHead(502, { 'Content-Type': 'application/json', ...corsFor(request) });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
    });
    request.pipe(proxied);
  }

  const server = createServer(async (request, response) => {
    const path = new URL(request.url, gateway.url).pathname;
    const record = { method: request.method, path, authorization: request.headers.authorization ?? null, outcome: 'passed', tokenUse: null, reason: null };
    requests.push(record);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      record.outcome = 'preflight';
      return forward(request, response);
    }
    if (path === '/health') return forward(request, response);
    if (path.startsWith('/blobs/')) {
      if (request.headers.authorization) {
        record.outcome = 'refused';
        record.reason = 'presigned URL with an Authorization header';
        response.writeHead(400, { 'Content-Type': 'application/xml', ...corsFor(request) });
        return response.end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>');
      }
      return forward(request, response);
    }
    try {
      if (gateway.refuseAll) throw new Error('refusing every token (test switch)');
      record.tokenUse = (await check(request.headers.authorization)).token_use ?? null;
    } catch (error) {
      record.outcome = 'unauthorized';
      record.reason = error.message;
      request.resume();
      response.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer', ...corsFor(request) });
      return response.end(JSON.stringify({ message: 'Unauthorized' }));
    }
    return forward(request, response);
  });

  await new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  gateway.close = () => new Promise((r) => server.close(() => r()));
  return gateway;
}
