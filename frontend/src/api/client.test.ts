import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, loadConfig, problemFrom } from './client';

function jsonResponse(status: number, body: unknown, type = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

describe('problem+json parsing', () => {
  it('uses the detail of an RFC 7807 document', () => {
    const error = problemFrom(415, 'application/problem+json', JSON.stringify({ title: 'Unsupported file type', status: 415, detail: "'a.csv' is not a supported file type. Upload Parquet, JSON or NDJSON." }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(415);
    expect(error.title).toBe('Unsupported file type');
    expect(error.detail).toBe("'a.csv' is not a supported file type. Upload Parquet, JSON or NDJSON.");
  });

  it('falls back to the title when there is no detail', () => {
    expect(problemFrom(409, 'application/problem+json', JSON.stringify({ title: 'Conflict' })).detail).toBe('Conflict');
  });

  it('describes a non-JSON error by its status', () => {
    const error = problemFrom(502, 'text/html', '<html>Bad gateway</html>');
    expect(error.detail).toBe('The server is unreachable (HTTP 502).');
  });

  it('survives a body that claims JSON but is not', () => {
    expect(problemFrom(500, 'application/json', '{oops').detail).toBe('The server failed (HTTP 500).');
  });
});

describe('createApiClient', () => {
  it('lists jobs with limit, status and the paging token, against the configured base URL', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { jobs: [], nextToken: 'tok2' }));
    const api = createApiClient('https://api.example.test/prod/', { fetch });
    const page = await api.listJobs({ limit: 15, nextToken: 'tok/1+', status: 'FAILED' });
    expect(page.nextToken).toBe('tok2');
    const [url] = fetch.mock.calls[0] as unknown as [string];
    expect(url).toBe('https://api.example.test/prod/jobs?limit=15&nextToken=tok%2F1%2B&status=FAILED');
  });

  it('omits the token and the status on the first, unfiltered page', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { jobs: [], nextToken: null }));
    await createApiClient('', { fetch }).listJobs();
    await createApiClient('', { fetch }).listJobs({ limit: 100, type: 'agent', dataset: 'shop' });
    expect((fetch.mock.calls[1] as unknown as [string])[0]).toBe('/jobs?limit=100&type=agent&dataset=shop');
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('/jobs?limit=20');
  });

  it('turns a problem response into an ApiError carrying its detail', async () => {
    const fetch = vi.fn(async () => jsonResponse(409, { title: 'The job is not in a state that allows this', detail: 'Job x is still RUNNING.' }, 'application/problem+json'));
    await expect(createApiClient('', { fetch }).download('x')).rejects.toMatchObject({ kind: 'http', status: 409, detail: 'Job x is still RUNNING.' });
  });

  it('turns a network failure into an ApiError that says the API cannot be reached', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await createApiClient('http://127.0.0.1:5080', { fetch }).getJob('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('network');
    expect((error as ApiError).detail).toMatch(/Cannot reach the Agentic ETL API at http:\/\/127\.0\.0\.1:5080/);
  });

  it('passes an abort through unchanged', async () => {
    const fetch = vi.fn(async () => {
      throw new DOMException('aborted', 'AbortError');
    });
    await expect(createApiClient('', { fetch }).getJob('x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a success answer that is not JSON (apiBaseUrl pointing at a web page)', async () => {
    const fetch = vi.fn(async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    await expect(createApiClient('', { fetch }).listJobs()).rejects.toMatchObject({ kind: 'format' });
  });

  it('announces an upload with name, size and content type', async () => {
    const fetch = vi.fn(async () => jsonResponse(201, { jobId: 'j', message: 'm', uploadUrl: 'http://h/blobs/k', expiresIn: 900 }));
    await createApiClient('', { fetch }).announceUpload({ name: 'a.parquet', size: 10, type: '' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/upload');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ fileName: 'a.parquet', size: 10 });
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('triggers with an output format only when one is chosen', async () => {
    const fetch = vi.fn(async () => jsonResponse(202, { jobId: 'j', status: 'RUNNING', message: 'm' }));
    const api = createApiClient('', { fetch });
    await api.trigger('j', 'json');
    await api.trigger('k');
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ jobId: 'j', outputFormat: 'json' });
    expect(JSON.parse((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body as string)).toEqual({ jobId: 'k' });
  });

  it('sends the dataset and normalize with the trigger', async () => {
    const fetch = vi.fn(async () => jsonResponse(202, { jobId: 'j', status: 'RUNNING', message: 'm' }));
    await createApiClient('', { fetch }).trigger('j', undefined, { dataset: 'shop', normalize: false });
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ jobId: 'j', dataset: 'shop', normalize: false });
  });

  it('calls the datasets endpoints with the contract’s methods, paths and bodies', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { name: 'shop', policy: 'evolve', currentVersion: 1, versions: [] }));
    const api = createApiClient('http://127.0.0.1:5080/', { fetch });
    await api.listDatasets();
    await api.getDataset('shop');
    await api.getVersion('shop', 2);
    await api.setPolicy('shop', 'review');
    await api.approve('shop', 2);
    await api.reject('shop', 3);
    await api.rollback('shop', 1);
    const calls = (fetch.mock.calls as unknown as [string, RequestInit][]).map(([url, init]) => [init.method ?? 'GET', url, init.body ? JSON.parse(init.body as string) : null]);
    expect(calls).toEqual([
      ['GET', 'http://127.0.0.1:5080/datasets', null],
      ['GET', 'http://127.0.0.1:5080/datasets/shop', null],
      ['GET', 'http://127.0.0.1:5080/datasets/shop/versions/2', null],
      ['PUT', 'http://127.0.0.1:5080/datasets/shop/policy', { mode: 'review' }],
      ['POST', 'http://127.0.0.1:5080/datasets/shop/versions/2/approve', null],
      ['POST', 'http://127.0.0.1:5080/datasets/shop/versions/3/reject', null],
      ['POST', 'http://127.0.0.1:5080/datasets/shop/rollback', { version: 1 }],
    ]);
  });

  it('turns a refused approval into the problem’s detail', async () => {
    const fetch = vi.fn(async () => jsonResponse(409, { title: 'Conflict', status: 409, detail: "Version 2 of 'shop' is not pending review." }, 'application/problem+json'));
    await expect(createApiClient('', { fetch }).approve('shop', 2)).rejects.toMatchObject({ status: 409, detail: "Version 2 of 'shop' is not pending review." });
  });

  it('fetches the inferred schema of a JSON upload through its signed download URL', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.startsWith('/download/') ? jsonResponse(200, { downloadUrl: 'http://127.0.0.1:1/blobs/runs/j/schema.json?sig=s', fileName: 'schema.json', expiresIn: 900 }) : jsonResponse(200, { version: 1, records: 3, fields: [] }),
    );
    const schema = await createApiClient('', { fetch: fetch as unknown as typeof globalThis.fetch }).inferredSchema('j');
    expect(schema).toEqual({ version: 1, records: 3, fields: [] });
    expect(fetch.mock.calls[0][0]).toBe('/download/j?artifact=schema');
  });

  it('fetches the profile through its signed download URL', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.startsWith('/download/') ? jsonResponse(200, { downloadUrl: 'http://127.0.0.1:1/blobs/runs/j/profile.json?sig=s', fileName: 'profile.json', expiresIn: 900 }) : jsonResponse(200, { rowCount: 8, columns: [], sampleRows: [] }),
    );
    const profile = await createApiClient('', { fetch: fetch as unknown as typeof globalThis.fetch }).profile('j');
    expect(profile.rowCount).toBe(8);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/download/j?artifact=profile', 'http://127.0.0.1:1/blobs/runs/j/profile.json?sig=s']);
  });
});

class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  status = 0;
  responseText = '';
  headers: Record<string, string> = {};
  body: unknown;
  requestHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  getResponseHeader(name: string) {
    return this.headers[name.toLowerCase()] ?? null;
  }
}

describe('putFile (XMLHttpRequest, for upload progress)', () => {
  const file = new Blob(['x'.repeat(100)]);
  const api = createApiClient('', { createXhr: () => new FakeXhr() as unknown as XMLHttpRequest });

  it('reports progress and resolves on 200', async () => {
    const progress: number[] = [];
    const done = api.putFile('http://h/blobs/k?sig=1', file, (p) => progress.push(p.loaded / p.total));
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toBe('http://h/blobs/k?sig=1');
    expect(xhr.body).toBe(file);
    xhr.upload.onprogress?.({ loaded: 40, total: 100, lengthComputable: true });
    xhr.status = 200;
    xhr.onload?.();
    await done;
    expect(progress).toEqual([0.4, 1]);
  });

  it('rejects with the problem detail of a refused upload', async () => {
    const done = api.putFile('http://h/blobs/k', file);
    const xhr = FakeXhr.last;
    xhr.status = 403;
    xhr.headers['content-type'] = 'application/problem+json';
    xhr.responseText = JSON.stringify({ title: 'The link is not valid', detail: 'The link expired at 10:00. Ask for a new one.' });
    xhr.onload?.();
    await expect(done).rejects.toMatchObject({ status: 403, detail: 'The link expired at 10:00. Ask for a new one.' });
  });

  it('sends the headers the signed URL requires, and only those', async () => {
    const done = api.putFile('https://bucket.s3.amazonaws.com/uploads/k?X-Amz-Signature=s', file, undefined, undefined, { 'If-None-Match': '*' });
    const xhr = FakeXhr.last;
    xhr.status = 200;
    xhr.onload?.();
    await done;
    expect(xhr.requestHeaders).toEqual({ 'If-None-Match': '*' });
  });

  it('rejects as unreachable on a network error', async () => {
    const done = api.putFile('http://h/blobs/k', file);
    FakeXhr.last.onerror?.();
    await expect(done).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('loadConfig', () => {
  it('reads apiBaseUrl and drops a trailing slash', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { apiBaseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/' }));
    expect(await loadConfig(fetch)).toEqual({ apiBaseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod' });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('./config.json');
  });

  it('means same origin when config.json is missing, empty or unreachable', async () => {
    expect(await loadConfig(vi.fn(async () => new Response('nope', { status: 404 })))).toEqual({ apiBaseUrl: '' });
    expect(await loadConfig(vi.fn(async () => jsonResponse(200, { apiBaseUrl: '' })))).toEqual({ apiBaseUrl: '' });
    expect(
      await loadConfig(
        vi.fn(async () => {
          throw new TypeError('offline');
        }),
      ),
    ).toEqual({ apiBaseUrl: '' });
  });
});

describe('the sign-in on API calls (config.json names an issuer)', () => {
  const signedIn = () => ({
    authorization: vi.fn(() => 'Bearer the-token'),
    refused: vi.fn(() => new ApiError('auth', 'signing in again', 401)),
    accepted: vi.fn(),
  });
  const headersOf = (call: unknown) => ((call as [string, RequestInit])[1].headers ?? {}) as Record<string, string>;

  it('sends the bearer token on every API call, and never on a signed download URL', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.includes('/download/') ? jsonResponse(200, { downloadUrl: 'https://bucket.s3.amazonaws.com/runs/j/profile.json?X-Amz-Signature=s', fileName: 'p', expiresIn: 900 }) : jsonResponse(200, { rowCount: 1, columns: [], sampleRows: [], jobs: [] }),
    );
    const auth = signedIn();
    const api = createApiClient('https://api.example.test', { fetch: fetch as unknown as typeof globalThis.fetch, auth });
    await api.listJobs();
    await api.profile('j');
    const calls = fetch.mock.calls.map((c) => [c[0], headersOf(c).Authorization]);
    expect(calls).toEqual([
      ['https://api.example.test/jobs?limit=20', 'Bearer the-token'],
      ['https://api.example.test/download/j?artifact=profile', 'Bearer the-token'],
      ['https://bucket.s3.amazonaws.com/runs/j/profile.json?X-Amz-Signature=s', undefined],
    ]);
    expect(auth.accepted).toHaveBeenCalledTimes(2);
  });

  it('puts a file to its signed upload URL without the token', async () => {
    const auth = signedIn();
    const api = createApiClient('', { createXhr: () => new FakeXhr() as unknown as XMLHttpRequest, auth });
    const done = api.putFile('https://bucket.s3.amazonaws.com/uploads/k?X-Amz-Signature=s', new Blob(['x']));
    const xhr = FakeXhr.last;
    xhr.status = 200;
    xhr.onload?.();
    await done;
    expect(xhr.requestHeaders).toEqual({});
    expect(auth.authorization).not.toHaveBeenCalled();
  });

  it('hands a 401 to the sign-in, and throws what it says', async () => {
    const fetch = vi.fn(async () => jsonResponse(401, { message: 'Unauthorized' }));
    const auth = signedIn();
    await expect(createApiClient('', { fetch, auth }).getJob('x')).rejects.toMatchObject({ kind: 'auth', detail: 'signing in again' });
    expect(auth.refused).toHaveBeenCalledTimes(1);
    expect(auth.accepted).not.toHaveBeenCalled();
  });

  it('sends nothing when the sign-in must be renewed first', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, {}));
    const auth = signedIn();
    auth.authorization.mockImplementation(() => {
      throw new ApiError('auth', 'Your sign-in has expired; signing in again…');
    });
    await expect(createApiClient('', { fetch, auth }).listDatasets()).rejects.toMatchObject({ kind: 'auth' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends no Authorization header at all without a sign-in (local mode)', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { jobs: [], nextToken: null }));
    await createApiClient('', { fetch }).listJobs();
    expect(headersOf(fetch.mock.calls[0])).toEqual({ Accept: 'application/json' });
  });
});

describe('loadConfig with an auth section', () => {
  const serve = (body: unknown) => vi.fn(async () => jsonResponse(200, body)) as unknown as typeof globalThis.fetch;

  it('reads the API base URL alone when there is no auth section, as before', async () => {
    expect(await loadConfig(serve({ apiBaseUrl: 'https://api.example.test/' }))).toEqual({ apiBaseUrl: 'https://api.example.test' });
  });

  it('reads the auth section, or the problem with it', async () => {
    expect((await loadConfig(serve({ apiBaseUrl: '', auth: { issuer: 'https://id.example.test', clientId: 'c' } }))).auth).toMatchObject({ issuer: 'https://id.example.test', clientId: 'c', tokenType: 'id' });
    expect((await loadConfig(serve({ apiBaseUrl: '', auth: { issuer: 'https://id.example.test' } }))).authProblem).toMatch(/auth\.clientId is missing/);
  });
});
