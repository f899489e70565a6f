import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { Job, JobPage, JobStatus } from '../api/types';
import { polling, type PollingOptions } from '../lib/polling';
import { isActive } from '../lib/stages';

export const PAGE_SIZE = 15;

export interface JobsState {
  jobs: Job[] | null;
  error: ApiError | null;
  status: JobStatus | null;
  page: number;
  hasOlder: boolean;
  hasNewer: boolean;
  setStatus(status: JobStatus | null): void;
  older(): void;
  newer(): void;
  refresh(): void;
}

/** Describes a status change for the live region: "sales.parquet: COMPLETED, 8 rows." */
export function describeChange(job: Job): string {
  switch (job.status) {
    case 'COMPLETED':
      return `${job.fileName}: COMPLETED${job.rowCount != null ? `, ${job.rowCount} rows` : ''}.`;
    case 'FAILED':
      return `${job.fileName}: FAILED${job.stage ? ` in the ${job.stage} stage` : ''}. ${job.errorMessage ?? ''}`.trim();
    default:
      return `${job.fileName}: ${job.status}.`;
  }
}

export const asApiError = (e: unknown): ApiError | null => (e == null ? null : e instanceof ApiError ? e : new ApiError('network', String(e)));

/** The job list: one page, newest first, filtered by status, kept fresh by polling while jobs are in flight. */
export function useJobs(api: ApiClient | null, announce: (message: string) => void, pollingOptions?: PollingOptions): JobsState {
  const [status, setStatusState] = useState<JobStatus | null>(null);
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [interval] = useState(() => polling<JobPage>((page) => page.jobs.some(isActive), pollingOptions));
  const seen = useRef(new Map<string, JobStatus>());
  const announceRef = useRef(announce);
  announceRef.current = announce;
  const page = tokens.length - 1;
  const token = tokens[page];

  const query = useQuery({
    queryKey: ['jobs', { status, token }],
    queryFn: ({ signal }) => api!.listJobs({ limit: PAGE_SIZE, nextToken: token, status }, signal),
    enabled: api !== null,
    refetchInterval: interval,
  });
  const result = query.data;

  useEffect(() => {
    if (!result) return;
    for (const job of result.jobs) {
      const before = seen.current.get(job.jobId);
      if (before !== undefined && before !== job.status) announceRef.current(describeChange(job));
      seen.current.set(job.jobId, job.status);
    }
  }, [result]);

  const setStatus = useCallback((next: JobStatus | null) => {
    setStatusState(next);
    setTokens([null]);
  }, []);

  const nextToken = result?.nextToken ?? null;
  const older = useCallback(() => {
    if (nextToken) setTokens((t) => [...t, nextToken]);
  }, [nextToken]);

  const newer = useCallback(() => setTokens((t) => (t.length > 1 ? t.slice(0, -1) : t)), []);

  const { refetch } = query;
  const refresh = useCallback(() => {
    interval.reset();
    void refetch();
  }, [interval, refetch]);

  return { jobs: result?.jobs ?? null, error: asApiError(query.error), status, page, hasOlder: nextToken != null, hasNewer: page > 0, setStatus, older, newer, refresh };
}
