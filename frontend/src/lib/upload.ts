import { ApiError, type ApiClient } from '../api/client';
import type { OutputFormat, TriggerOptions } from '../api/types';

export type UploadPhase = 'waiting' | 'announcing' | 'uploading' | 'starting' | 'started' | 'failed';

export interface UploadItem {
  id: string;
  fileName: string;
  size: number;
  phase: UploadPhase;
  /** 0–1 of the bytes sent. */
  progress: number;
  jobId?: string;
  /** Why the file was refused, in the server's words. */
  error?: string;
  /** Which step refused it. */
  failedAt?: 'upload' | 'transfer' | 'start';
}

export type FileKind = 'parquet' | 'json' | 'unknown';

export function kindOf(fileName: string): FileKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.parq') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.json') || lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'json';
  return 'unknown';
}

/** Parquet converts to the chosen JSON flavour; JSON always converts to Parquet (the server's default). */
export function outputFormatFor(fileName: string, parquetTo: 'ndjson' | 'json'): OutputFormat | undefined {
  return kindOf(fileName) === 'parquet' ? parquetTo : undefined;
}

/**
 * The signed-URL flow for one file: POST /upload {fileName,size,contentType} → PUT the bytes to uploadUrl (with progress)
 * → POST /trigger-job. Reports every change through update; never throws.
 */
export async function uploadFile(
  api: ApiClient,
  file: File,
  parquetTo: 'ndjson' | 'json',
  update: (change: Partial<UploadItem>) => void,
  signal?: AbortSignal,
  target?: TriggerOptions,
): Promise<string | null> {
  let step: UploadItem['failedAt'] = 'upload';
  try {
    update({ phase: 'announcing' });
    const announced = await api.announceUpload({ name: file.name, size: file.size, type: file.type });
    update({ phase: 'uploading', jobId: announced.jobId, progress: 0 });
    step = 'transfer';
    let last = 0;
    await api.putFile(
      announced.uploadUrl,
      file,
      ({ loaded, total }) => {
        const fraction = total > 0 ? loaded / total : 1;
        // At most ~100 updates per file.
        if (fraction - last >= 0.01 || fraction === 1) {
          last = fraction;
          update({ progress: fraction });
        }
      },
      signal,
      announced.uploadHeaders,
    );
    step = 'start';
    update({ phase: 'starting', progress: 1 });
    const format = outputFormatFor(file.name, parquetTo);
    // Only a load into a dataset sends the dataset fields, so plain conversions stay as they were.
    if (target?.dataset) await api.trigger(announced.jobId, format, target);
    else await api.trigger(announced.jobId, format);
    update({ phase: 'started' });
    return announced.jobId;
  } catch (e) {
    const detail = e instanceof ApiError ? e.detail : e instanceof Error ? e.message : String(e);
    update({ phase: 'failed', error: detail, failedAt: step });
    return null;
  }
}
