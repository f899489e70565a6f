import type { AgentInvokeRequest, AgentInvokeResult, AgentRun } from './agents';
import type { DatasetRecord, DatasetSummary, DatasetVersionDetail, Policy } from './datasets';
import { readAuthSection, type AuthConfig } from '../auth/config';
import type { Artifact, DownloadLink, Job, JobPage, JobStatus, OutputFormat, Profile, SignedUpload, TriggerOptions, TriggerResult } from './types';

/** What went wrong talking to the API, in words a person can act on. */
export class ApiError extends Error {
  /** auth: the API needs a (new) sign-in; the page is signing in again or says why it cannot. */
  readonly kind: 'network' | 'http' | 'format' | 'auth';
  readonly status: number | null;
  readonly title: string | null;
  readonly detail: string;

  constructor(kind: ApiError['kind'], detail: string, status: number | null = null, title: string | null = null) {
    super(detail);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

export interface PageConfig {
  /** Base URL of the REST API; "" means the page's own origin (what `etl serve` does). */
  apiBaseUrl: string;
  /** The issuer to sign in with; absent or null: no sign-in (local mode). */
  auth?: AuthConfig | null;
  /** What is wrong with config.json's auth section; the page shows it instead of calling the API. */
  authProblem?: string | null;
}

/** Reads config.json beside the page. A missing or unreadable file means "same origin, no sign-in". */
export async function loadConfig(fetchImpl: typeof fetch = fetch, url = './config.json'): Promise<PageConfig> {
  try {
    const response = await fetchImpl(url, { cache: 'no-store' });
    if (!response.ok) return { apiBaseUrl: '' };
    const body = (await response.json()) as (Omit<PageConfig, 'auth'> & { auth?: unknown }) | null;
    const base = typeof body?.apiBaseUrl === 'string' ? body.apiBaseUrl.trim() : '';
    const { auth, problem } = readAuthSection(body?.auth);
    return { apiBaseUrl: base.replace(/\/+$/, ''), ...(auth ? { auth } : {}), ...(problem ? { authProblem: problem } : {}) };
  } catch {
    return { apiBaseUrl: '' };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not accepted',
  403: 'The link is not valid',
  404: 'Not found',
  409: 'The job is not in a state that allows this',
  413: 'The file is too large',
  415: 'Unsupported file type',
  500: 'The server failed',
  501: 'Not available yet',
  502: 'The server is unreachable',
  503: 'The server is busy or unavailable',
};

/** Turns an error response (RFC 7807 problem+json or anything else) into an ApiError. */
export function problemFrom(status: number, contentType: string | null, text: string): ApiError {
  if (contentType && /json/i.test(contentType) && text) {
    try {
      const problem = JSON.parse(text) as { title?: unknown; detail?: unknown };
      const title = typeof problem.title === 'string' ? problem.title : null;
      const detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : title;
      if (detail) return new ApiError('http', detail, status, title);
    } catch {
      // Not JSON after all; described below.
    }
  }
  const known = STATUS_TEXT[status] ?? `The server answered ${status}`;
  return new ApiError('http', `${known} (HTTP ${status}).`, status, known);
}

async function problemOf(response: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read; the status still says something.
  }
  return problemFrom(response.status, response.headers.get('content-type'), text);
}

export function unreachable(baseUrl: string): ApiError {
  const where = baseUrl || (typeof location !== 'undefined' ? location.origin : 'this server');
  return new ApiError(
    'network',
    `Cannot reach the Agentic ETL API at ${where}. Check that it is running (./run.sh starts it locally) and that this computer is online.`,
  );
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface ApiClient {
  readonly baseUrl: string;
  listJobs(
    query?: { limit?: number; nextToken?: string | null; status?: JobStatus | null; type?: 'convert' | 'agent' | null; dataset?: string | null },
    signal?: AbortSignal,
  ): Promise<JobPage>;
  getJob(jobId: string, signal?: AbortSignal): Promise<Job>;
  announceUpload(file: { name: string; size: number; type?: string }): Promise<SignedUpload>;
  putFile(
    uploadUrl: string,
    file: Blob,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
    headers?: Record<string, string>,
  ): Promise<void>;
  trigger(jobId: string, outputFormat?: OutputFormat, options?: TriggerOptions): Promise<TriggerResult>;
  download(jobId: string, artifact?: Artifact): Promise<DownloadLink>;
  profile(jobId: string, signal?: AbortSignal): Promise<Profile>;
  /** The schema inferred from a JSON upload (runs/{jobId}/schema.json). */
  inferredSchema(jobId: string, signal?: AbortSignal): Promise<unknown>;
  listDatasets(signal?: AbortSignal): Promise<{ datasets: DatasetSummary[] }>;
  getDataset(name: string, signal?: AbortSignal): Promise<DatasetRecord>;
  getVersion(name: string, version: number, signal?: AbortSignal): Promise<DatasetVersionDetail>;
  setPolicy(name: string, mode: Policy): Promise<DatasetRecord>;
  approve(name: string, version: number): Promise<DatasetRecord>;
  reject(name: string, version: number): Promise<DatasetRecord>;
  rollback(name: string, version: number): Promise<DatasetRecord>;
  /** POST /agent-invoke: starts an agent job. */
  invokeAgent(request: AgentInvokeRequest): Promise<AgentInvokeResult>;
  /** An agent job's run log (artifact=log → run.json). */
  agentRun(jobId: string, signal?: AbortSignal): Promise<AgentRun>;
}

/** How API calls carry the user's sign-in (when config.json names an issuer). Signed URLs never carry it. */
export interface ApiAuth {
  /** The Authorization header value; throws an ApiError (kind auth) when the page must sign in first. */
  authorization(): string;
  /** The API answered 401: what to tell the caller (the page signs in again, or says why it stops). */
  refused(): ApiError;
  /** The API accepted a call. */
  accepted(): void;
}

export interface ClientDeps {
  fetch?: typeof fetch;
  createXhr?: () => XMLHttpRequest;
  auth?: ApiAuth;
}

export function createApiClient(baseUrl: string, deps: ClientDeps = {}): ApiClient {
  const doFetch = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const createXhr = deps.createXhr ?? (() => new XMLHttpRequest());
  const base = baseUrl.replace(/\/+$/, '');
  const url = (path: string) => `${base}${path}`;

  // API calls carry the sign-in; signed URLs (presigned S3 GETs on AWS) must not: S3 rejects a presigned URL that also
  // has an Authorization header.
  async function send<T>(target: string, init: RequestInit, signed: boolean, what: string): Promise<T> {
    const authorization: Record<string, string> = !signed && deps.auth ? { Authorization: deps.auth.authorization() } : {};
    let response: Response;
    try {
      response = await doFetch(target, {
        ...init,
        headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...authorization, ...init.headers },
      });
    } catch (error) {
      if ((error as { name?: string })?.name === 'AbortError') throw error;
      throw unreachable(base);
    }
    if (!signed && deps.auth) {
      if (response.status === 401) throw deps.auth.refused();
      if (response.ok) deps.auth.accepted();
    }
    if (!response.ok) throw await problemOf(response);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('format', `The server's answer to ${what} is not JSON. Is apiBaseUrl in config.json pointing at the API?`, response.status);
    }
  }

  const request = <T,>(path: string, init: RequestInit = {}) => send<T>(url(path), init, false, path.split('?')[0]);
  const signedGet = <T,>(downloadUrl: string, init: RequestInit = {}) =>
    send<T>(downloadUrl.startsWith('http') ? downloadUrl : url(downloadUrl), init, true, downloadUrl.split('?')[0]);

  return {
    baseUrl: base,

    listJobs({ limit = 20, nextToken = null, status = null, type = null, dataset = null } = {}, signal) {
      const params = new URLSearchParams({ limit: String(limit) });
      if (nextToken) params.set('nextToken', nextToken);
      if (status) params.set('status', status);
      if (type) params.set('type', type);
      if (dataset) params.set('dataset', dataset);
      return request<JobPage>(`/jobs?${params}`, { signal });
    },

    getJob(jobId, signal) {
      return request<Job>(`/job-status/${encodeURIComponent(jobId)}`, { signal });
    },

    announceUpload(file) {
      return request<SignedUpload>('/upload', {
        method: 'POST',
        body: JSON.stringify({ fileName: file.name, size: file.size, contentType: file.type || undefined }),
      });
    },

    putFile(uploadUrl, file, onProgress, signal, headers) {
      return new Promise<void>((resolve, reject) => {
        const xhr = createXhr();
        xhr.open('PUT', uploadUrl);
        // Only the headers the URL's signature covers: never the API's token (S3 refuses two authentications).
        for (const [name, value] of Object.entries(headers ?? {})) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (event) => {
          if (onProgress) onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
        };
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) {
            onProgress?.({ loaded: file.size, total: file.size });
            resolve();
          } else {
            reject(problemFrom(xhr.status, xhr.getResponseHeader('content-type'), xhr.responseText));
          }
        };
        xhr.onerror = () => reject(unreachable(base));
        xhr.onabort = () => reject(new ApiError('network', 'The upload was cancelled.'));
        signal?.addEventListener('abort', () => xhr.abort(), { once: true });
        xhr.send(file);
      });
    },

    trigger(jobId, outputFormat, options) {
      return request<TriggerResult>('/trigger-job', {
        method: 'POST',
        body: JSON.stringify({ jobId, ...(outputFormat ? { outputFormat } : {}), ...options }),
      });
    },

    download(jobId, artifact = 'output') {
      const query = artifact === 'output' ? '' : `?artifact=${artifact}`;
      return request<DownloadLink>(`/download/${encodeURIComponent(jobId)}${query}`);
    },

    async profile(jobId, signal) {
      const link = await request<DownloadLink>(`/download/${encodeURIComponent(jobId)}?artifact=profile`, { signal });
      return signedGet<Profile>(link.downloadUrl, { signal });
    },

    async inferredSchema(jobId, signal) {
      const link = await request<DownloadLink>(`/download/${encodeURIComponent(jobId)}?artifact=schema`, { signal });
      return signedGet<unknown>(link.downloadUrl, { signal });
    },

    invokeAgent(body) {
      return request<AgentInvokeResult>('/agent-invoke', { method: 'POST', body: JSON.stringify(body) });
    },

    async agentRun(jobId, signal) {
      const link = await request<DownloadLink>(`/download/${encodeURIComponent(jobId)}?artifact=log`, { signal });
      return signedGet<AgentRun>(link.downloadUrl, { signal });
    },

    listDatasets(signal) {
      return request<{ datasets: DatasetSummary[] }>('/datasets', { signal });
    },

    getDataset(name, signal) {
      return request<DatasetRecord>(`/datasets/${encodeURIComponent(name)}`, { signal });
    },

    getVersion(name, version, signal) {
      return request<DatasetVersionDetail>(`/datasets/${encodeURIComponent(name)}/versions/${version}`, { signal });
    },

    setPolicy(name, mode) {
      return request<DatasetRecord>(`/datasets/${encodeURIComponent(name)}/policy`, { method: 'PUT', body: JSON.stringify({ mode }) });
    },

    approve(name, version) {
      return request<DatasetRecord>(`/datasets/${encodeURIComponent(name)}/versions/${version}/approve`, { method: 'POST' });
    },

    reject(name, version) {
      return request<DatasetRecord>(`/datasets/${encodeURIComponent(name)}/versions/${version}/reject`, { method: 'POST' });
    },

    rollback(name, version) {
      return request<DatasetRecord>(`/datasets/${encodeURIComponent(name)}/rollback`, { method: 'POST', body: JSON.stringify({ version }) });
    },
  };
}
