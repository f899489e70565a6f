import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { fakeApi } from '../test/fakes';
import { kindOf, outputFormatFor, uploadFile, type UploadItem } from './upload';

describe('uploadFile', () => {
  it('announces, PUTs with progress, then triggers with the chosen format for Parquet', async () => {
    const api = fakeApi();
    const changes: Partial<UploadItem>[] = [];
    const file = new File(['PAR1…PAR1'], 'sales.parquet');
    const jobId = await uploadFile(api, file, 'json', (c) => changes.push(c));
    expect(jobId).toBe('job-sales.parquet');
    expect(api.announceUpload).toHaveBeenCalledWith({ name: 'sales.parquet', size: file.size, type: '' });
    expect(api.putFile.mock.calls[0][0]).toBe('http://127.0.0.1/blobs/uploads/sales.parquet');
    expect(api.trigger).toHaveBeenCalledWith('job-sales.parquet', 'json');
    expect(changes.map((c) => c.phase).filter(Boolean)).toEqual(['announcing', 'uploading', 'starting', 'started']);
    expect(changes.filter((c) => c.progress !== undefined).map((c) => c.progress)).toEqual([0, 0.5, 1, 1]);
  });

  it('passes the headers the signed upload URL requires on to the PUT', async () => {
    const api = fakeApi({
      announceUpload: vi.fn(async () => ({
        jobId: 'j', message: 'PUT it', uploadUrl: 'https://bucket.s3.amazonaws.com/uploads/j/a.json?X-Amz-Signature=s', expiresIn: 900,
        uploadHeaders: { 'If-None-Match': '*' },
      })),
    });
    await uploadFile(api, new File(['{}'], 'a.json'), 'ndjson', () => {});
    expect(api.putFile.mock.calls[0][4]).toEqual({ 'If-None-Match': '*' });
  });

  it('lets a JSON file convert to Parquet (no outputFormat)', async () => {
    const api = fakeApi();
    await uploadFile(api, new File(['{}'], 'events.ndjson'), 'ndjson', () => {});
    expect(api.trigger).toHaveBeenCalledWith('job-events.ndjson', undefined);
  });

  it('stops at the first refusal and keeps the server’s words', async () => {
    const api = fakeApi({
      announceUpload: vi.fn(async () => {
        throw new ApiError('http', "'notes.txt' is not a supported file type. Name the file with its extension: .parquet, .json, .ndjson or .jsonl.", 415);
      }),
    });
    const changes: Partial<UploadItem>[] = [];
    expect(await uploadFile(api, new File(['x'], 'notes.txt'), 'ndjson', (c) => changes.push(c))).toBeNull();
    expect(api.putFile).not.toHaveBeenCalled();
    expect(changes.at(-1)).toEqual({ phase: 'failed', error: "'notes.txt' is not a supported file type. Name the file with its extension: .parquet, .json, .ndjson or .jsonl.", failedAt: 'upload' });
  });

  it('names the step that failed', async () => {
    const api = fakeApi({
      trigger: vi.fn(async () => {
        throw new ApiError('http', 'The file for job j has not been uploaded yet.', 409);
      }),
    });
    const changes: Partial<UploadItem>[] = [];
    await uploadFile(api, new File(['x'], 'a.parquet'), 'ndjson', (c) => changes.push(c));
    expect(changes.at(-1)?.failedAt).toBe('start');
  });
});

describe('file kinds', () => {
  it('recognises extensions case-insensitively', () => {
    expect(kindOf('A.PARQUET')).toBe('parquet');
    expect(kindOf('x.jsonl')).toBe('json');
    expect(kindOf('x.csv')).toBe('unknown');
    expect(outputFormatFor('a.parquet', 'json')).toBe('json');
    expect(outputFormatFor('a.json', 'json')).toBeUndefined();
  });
});
