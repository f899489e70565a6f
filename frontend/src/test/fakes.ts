import { vi } from 'vitest';
import type { ApiClient } from '../api/client';
import type { Job, JobPage, Profile } from '../api/types';

let n = 0;

export function job(overrides: Partial<Job> = {}): Job {
  n++;
  return {
    jobId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    type: 'convert',
    fileName: `file${n}.parquet`,
    status: 'COMPLETED',
    stage: 'profile',
    progress: 1,
    createdAt: '2025-11-22T10:00:00.0000000Z',
    updatedAt: '2025-11-22T10:00:01.0000000Z',
    startedAt: '2025-11-22T10:00:00.1000000Z',
    processingTime: 0.42,
    errorMessage: null,
    errorType: null,
    rowCount: 8,
    inputFormat: 'parquet',
    outputFormat: 'ndjson',
    bytesIn: 1851,
    bytesOut: 1676,
    stages: [
      { name: 'validate', status: 'COMPLETED', startedAt: '2025-11-22T10:00:00.1000000Z', completedAt: '2025-11-22T10:00:00.2000000Z', durationSeconds: 0.1, attempts: 1 },
      { name: 'convert', status: 'COMPLETED', startedAt: '2025-11-22T10:00:00.2000000Z', completedAt: '2025-11-22T10:00:00.4000000Z', durationSeconds: 0.2, attempts: 1 },
      { name: 'profile', status: 'COMPLETED', startedAt: '2025-11-22T10:00:00.4000000Z', completedAt: '2025-11-22T10:00:00.5200000Z', durationSeconds: 0.12, attempts: 1 },
    ],
    ...overrides,
  };
}

export const profile: Profile = {
  rowCount: 8,
  columns: [
    { name: 'id', type: 'INT32', nullable: true, nullCount: 0, min: 0, max: 7, distinctEstimate: 8 },
    { name: 'tags', type: 'LIST<STRING>', nullable: true, nullCount: 2, min: null, max: null, distinctEstimate: null },
    { name: 'address', type: 'STRUCT', nullable: false, nullCount: 0, min: null, max: null, distinctEstimate: null },
  ],
  sampleRows: [
    { id: 4, tags: ['a', 'b'], address: { city: 'Oslo', zip: '0150', geo: { lat: 59.9, lon: 10.7 } } },
    { id: 5, tags: null, address: { city: 'Bergen', zip: '5003', geo: { lat: 60.4, lon: 5.3 } } },
  ],
};

export type FakeApi = { [K in keyof ApiClient]: ApiClient[K] extends (...args: infer A) => infer R ? ReturnType<typeof vi.fn<(...args: A) => R>> : ApiClient[K] };

export function fakeApi(overrides: Partial<ApiClient> = {}): FakeApi {
  const page: JobPage = { jobs: [], nextToken: null };
  return {
    baseUrl: '',
    listJobs: vi.fn(async () => page),
    getJob: vi.fn(async (id: string) => job({ jobId: id })),
    announceUpload: vi.fn(async (file) => ({ jobId: `job-${file.name}`, message: 'PUT it', uploadUrl: `http://127.0.0.1/blobs/uploads/${file.name}`, expiresIn: 900 })),
    putFile: vi.fn(async (_url: string, file: Blob, onProgress?: (p: { loaded: number; total: number }) => void) => {
      onProgress?.({ loaded: file.size / 2, total: file.size });
      onProgress?.({ loaded: file.size, total: file.size });
    }),
    trigger: vi.fn(async (jobId: string) => ({ jobId, status: 'RUNNING' as const, message: 'started' })),
    download: vi.fn(async (jobId: string) => ({ downloadUrl: `http://127.0.0.1/blobs/output/${jobId}/out.ndjson?sig=x`, fileName: 'out.ndjson', expiresIn: 900 })),
    profile: vi.fn(async () => profile),
    inferredSchema: vi.fn(async () => ({ version: 1, records: 2, shape: 'objects', wrapsValues: false, fields: [{ name: 'id', type: 'INT64', nullable: false }] })),
    ...overrides,
  } as unknown as FakeApi;
}
