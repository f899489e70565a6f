// The web page signing in, end to end: Debian's Chromium (playwright-core) opens the page from a site of its own (as S3
// static hosting would serve it) whose config.json names a loopback OpenID Connect issuer (oidc-issuer.mjs); the API is
// a real `etl serve` behind a loopback JWT gateway (jwt-gateway.mjs) that, like API Gateway's JWT authorizer, answers
// 401 to any API call without a valid token from that issuer, and stands in for S3 on the signed URLs.
// Screenshots go to tests/e2e/artifacts/auth-*.png (the kept copies are in tests/e2e/screenshots/).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, data, ensureBuilt, freePort, launchChromium, startEtl, stopEtl, webRoot } from './harness.mjs';
import { startGateway } from './jwt-gateway.mjs';
import { startIssuer } from './oidc-issuer.mjs';
import { startSite } from './static-site.mjs';

const allTypes = join(data, 'parquet-testing', 'alltypes_plain.parquet');
const CLIENT_ID = 'etl-web';

describe('web page signing in to an OpenID Connect issuer, against etl serve behind a JWT gateway', () => {
  let etl;
  let issuer;
  let gateway;
  let site;
  let dataDir;
  let userDataDir;
  let context;
  let page;
  const pageErrors = [];

  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const signedIn = () => page.getByRole('group', { name: 'Account' }).getByText('Signed in as ada@example.test').waitFor();
  /** Resolves once the issuer has sent the browser back with a code (the page then removes it from the address). */
  const backFromIssuer = () => page.waitForURL((url) => url.searchParams.has('code'));
  const row = (fileName) => page.getByRole('row').filter({ has: page.getByRole('link', { name: fileName, exact: true }) });
  const session = () => page.evaluate(() => ({ ...sessionStorage }));
  const apiCalls = (from = 0) => gateway.requests.slice(from).filter((r) => r.outcome !== 'preflight' && r.path !== '/health' && !r.path.startsWith('/blobs/'));
  /** Replaces the token the page holds, as if time or the issuer had moved on. */
  const replaceToken = (bearer, expiresAt) =>
    page.evaluate(
      ({ bearer, expiresAt }) => {
        const tokens = JSON.parse(sessionStorage.getItem('etl.auth.tokens'));
        sessionStorage.setItem('etl.auth.tokens', JSON.stringify({ ...tokens, bearer, expiresAt }));
      },
      { bearer, expiresAt },
    );

  before(async () => {
    ensureBuilt([allTypes]);
    dataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-auth-data-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-auth-chromium-'));
    const [etlPort, gatewayPort, sitePort, issuerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const siteUrl = `http://127.0.0.1:${sitePort}`;
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    issuer = await startIssuer({ port: issuerPort, clientId: CLIENT_ID, redirectUris: [`${siteUrl}/`], allowedOrigins: [siteUrl] });
    // Signed URLs point at the gateway (which plays S3 for them); the page's site may call the API across origins.
    etl = await startEtl(dataDir, etlPort, { logName: 'etl-serve-auth.log', env: { ETL_PUBLIC_URL: gatewayUrl, ETL_ALLOWED_ORIGINS: siteUrl } });
    gateway = await startGateway({ port: gatewayPort, target: `http://127.0.0.1:${etlPort}`, issuer: issuer.url, audience: CLIENT_ID, allowedOrigins: [siteUrl] });
    site = await startSite({ port: sitePort, root: webRoot, config: { apiBaseUrl: gateway.url, auth: { issuer: issuer.url, clientId: CLIENT_ID } } });
    context = await launchChromium(userDataDir);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await context?.close().catch(() => {});
    await stopEtl(etl);
    await Promise.all([gateway?.close(), site?.close(), issuer?.close()]);
    for (const dir of [dataDir, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the gateway refuses API calls without a valid token, and lets /health through', async () => {
    assert.equal((await fetch(`${gateway.url}/health`)).status, 200);
    const jobs = (authorization) => fetch(`${gateway.url}/jobs`, authorization ? { headers: { Authorization: authorization } } : {}).then((r) => r.status);
    assert.equal(await jobs(null), 401);
    assert.equal(await jobs(`Bearer ${issuer.mint({}, { foreign: true })}`), 401, 'signed by a key not in the JWKS');
    assert.equal(await jobs(`Bearer ${issuer.mint({ exp: Math.floor(Date.now() / 1000) - 60 })}`), 401, 'expired');
    assert.equal(await jobs(`Bearer ${issuer.mint({ aud: 'another-client' })}`), 401, 'another audience');
    assert.equal(await jobs(`Bearer ${issuer.mint({})}`), 200);
  });

  it('sends the user to the issuer (code flow, PKCE S256) and comes back signed in, the code gone from the address', async () => {
    const from = gateway.requests.length;
    await page.goto(`${site.url}/`);
    await signedIn();
    assert.equal(issuer.log.authorize.length, 1);
    const asked = issuer.log.authorize[0];
    assert.equal(asked.response_type, 'code');
    assert.equal(asked.client_id, CLIENT_ID);
    assert.equal(asked.redirect_uri, `${site.url}/`);
    assert.equal(asked.scope, 'openid');
    assert.equal(asked.code_challenge_method, 'S256');
    assert.match(asked.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.match(asked.state, /^[A-Za-z0-9_-]{43}$/);
    assert.match(asked.nonce, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(issuer.log.token.map((t) => t.outcome), ['issued']);
    assert.equal(issuer.log.token[0].origin, site.url, 'the page itself exchanged the code');
    assert.match(issuer.log.token[0].form.code_verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(page.url(), `${site.url}/`);
    const stored = await session();
    assert.ok(stored['etl.auth.tokens'], 'the tokens are in sessionStorage');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    await page.getByText('No jobs yet').waitFor();
    const calls = apiCalls(from);
    assert.ok(calls.length > 0);
    assert.ok(calls.every((c) => c.outcome === 'passed' && c.tokenUse === 'id'), JSON.stringify(calls));
    await shot('auth-01-signed-in');
  });

  it('uploads, converts and downloads through the gateway: the token on every API call, never on a signed URL', async () => {
    const from = gateway.requests.length;
    await page.getByLabel('Choose files…').setInputFiles(allTypes);
    await row('alltypes_plain.parquet').getByText('COMPLETED').waitFor({ timeout: 30_000 });
    await page.locator('section.detail').getByRole('table', { name: /First 8 rows/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
    const lines = readFileSync(await download.path(), 'utf8').split('\n').filter((l) => l.trim());
    assert.equal(lines.length, 8);
    await shot('auth-02-completed');

    const seen = gateway.requests.slice(from);
    const api = apiCalls(from);
    const blobs = seen.filter((r) => r.path.startsWith('/blobs/') && r.outcome !== 'preflight');
    const kinds = new Set(api.map((r) => `${r.method} ${r.path.replace(/^\/(job-status|download)\/.*/, '/$1/…')}`));
    for (const expected of ['POST /upload', 'POST /trigger-job', 'GET /job-status/…', 'GET /download/…', 'GET /jobs']) assert.ok(kinds.has(expected), `${expected} went through the gateway (${[...kinds]})`);
    assert.ok(api.every((r) => r.authorization?.startsWith('Bearer ') && r.outcome === 'passed' && r.tokenUse === 'id'), JSON.stringify(api));
    assert.ok(blobs.some((r) => r.method === 'PUT'), 'the upload went to its signed URL');
    assert.ok(blobs.filter((r) => r.method === 'GET').length >= 2, 'profile and output came from signed URLs');
    assert.ok(blobs.every((r) => r.authorization === null && r.outcome === 'passed'), JSON.stringify(blobs));
  });

  it('does not send an expired token: it signs in again and comes back to the same view', async () => {
    const from = gateway.requests.length;
    const signIns = issuer.log.authorize.length;
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = issuer.mint({ exp: past });
    await replaceToken(expired, past * 1000);
    const returned = backFromIssuer();
    await page.getByRole('link', { name: 'Datasets' }).click();
    await returned;
    await page.waitForURL(`${site.url}/#/datasets`);
    await signedIn();
    await page.getByRole('heading', { name: 'Datasets', level: 2 }).waitFor();
    assert.equal(issuer.log.authorize.length, signIns + 1);
    assert.ok(!gateway.requests.slice(from).some((r) => r.authorization === `Bearer ${expired}`), 'the expired token never reached the API');
    assert.ok(apiCalls(from).some((r) => r.path === '/datasets' && r.outcome === 'passed'));
    assert.notEqual(JSON.parse((await session())['etl.auth.tokens']).bearer, expired);
  });

  it('signs in again after a 401 (a token the API does not trust) and carries on', async () => {
    const from = gateway.requests.length;
    const signIns = issuer.log.authorize.length;
    await replaceToken(issuer.mint({}, { foreign: true }), Date.now() + 3_600_000);
    await page.goto(`${site.url}/#/`);
    const returned = backFromIssuer();
    await page.reload();
    await returned;
    await signedIn();
    await row('alltypes_plain.parquet').getByText('COMPLETED').waitFor();
    assert.equal(issuer.log.authorize.length, signIns + 1);
    const refused = gateway.requests.slice(from).filter((r) => r.outcome === 'unauthorized');
    assert.ok(refused.length >= 1 && refused.every((r) => r.reason === 'signature'), JSON.stringify(refused));
  });

  it('stops after one new sign-in when the API refuses even a fresh token, and says why', async () => {
    const signIns = issuer.log.authorize.length;
    gateway.refuseAll = true;
    try {
      await page.reload();
      const alert = page.getByRole('alert');
      await alert.getByText('The API does not accept your sign-in').waitFor();
      assert.match(await alert.innerText(), new RegExp(`trusts issuer ${issuer.url.replace(/[.]/g, '\\.')} with audience ${CLIENT_ID}`));
      await shot('auth-04-api-refuses');
      // Nothing more happens by itself: one reload's worth of sign-in, not a loop.
      assert.equal(issuer.log.authorize.length, signIns + 1);
      assert.equal(page.url(), `${site.url}/#/`);
    } finally {
      gateway.refuseAll = false;
    }
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await signedIn();
    await row('alltypes_plain.parquet').waitFor();
  });

  it('signs out: the session is cleared, the issuer is told, and the page stays signed out', async () => {
    const idToken = JSON.parse((await session())['etl.auth.tokens']).idToken;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    const logout = issuer.log.logout.at(-1);
    assert.equal(logout.client_id, CLIENT_ID);
    assert.equal(logout.post_logout_redirect_uri, `${site.url}/`);
    assert.equal(logout.id_token_hint, idToken);
    assert.equal((await session())['etl.auth.tokens'], undefined);
    assert.equal(await page.getByRole('group', { name: 'Account' }).count(), 0);
    const signIns = issuer.log.authorize.length;
    await page.reload();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    assert.equal(issuer.log.authorize.length, signIns, 'a reload does not sign straight back in');
    await shot('auth-03-signed-out');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signedIn();
  });

  it('shows the issuer refusing a wrong PKCE verifier, with what to do', async () => {
    await page.evaluate(() => sessionStorage.removeItem('etl.auth.tokens'));
    await page.route(`${issuer.url}/token`, (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      form.set('code_verifier', `${form.get('code_verifier')}-tampered`);
      return route.continue({ postData: form.toString() });
    });
    try {
      await page.reload();
      const alert = page.getByRole('alert');
      await alert.getByText('The sign-in service refused the sign-in code').waitFor();
      const text = await alert.innerText();
      assert.ok(text.includes(`${issuer.url}/token answered "invalid_grant": PKCE verification failed`), text);
      assert.ok(text.includes(`with ${site.url}/ among its callback URLs`), text);
      assert.equal(issuer.log.token.at(-1).outcome, 'pkce-mismatch');
      assert.equal((await session())['etl.auth.tokens'], undefined);
      assert.ok(!page.url().includes('code='), 'the code is gone from the address');
      await shot('auth-05-pkce-refused');
    } finally {
      await page.unroute(`${issuer.url}/token`);
    }
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await signedIn();
  });

  it('names the discovery address when the issuer cannot be reached', async () => {
    const working = site.config;
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    site.config = { ...working, auth: { ...working.auth, issuer: nowhere } };
    try {
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      const alert = page.getByRole('alert');
      await alert.getByText('Cannot reach the sign-in service').waitFor();
      assert.match(await alert.innerText(), new RegExp(`${nowhere.replace(/[.]/g, '\\.')}/\\.well-known/openid-configuration[\\s\\S]*Check auth\\.issuer in config\\.json`));
      await shot('auth-06-issuer-unreachable');
    } finally {
      site.config = working;
    }
  });

  it('threw no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
