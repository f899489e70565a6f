import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { Job, JobStatus } from '../api/types';
import { startPoller, type Poller, type PollerOptions } from '../lib/poller';
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

/** The job list: one page, newest first, filtered by status, kept fresh by polling while jobs are in flight. */
export function useJobs(api: ApiClient | null, announce: (message: string) => void, pollerOptions?: PollerOptions): JobsState {
  const [status, setStatusState] = useState<JobStatus | null>(null);
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const poller = useRef<Poller | null>(null);
  const seen = useRef(new Map<string, JobStatus>());
  const announceRef = useRef(announce);
  announceRef.current = announce;
  const page = tokens.length - 1;
  const token = tokens[page];

  useEffect(() => {
    if (!api) return;
    let generation = true;
    let controller: AbortController | null = null;
    const p = startPoller(async () => {
      controller = new AbortController();
      try {
        const result = await api.listJobs({ limit: PAGE_SIZE, nextToken: token, status }, controller.signal);
        if (!generation) return 'idle';
        for (const job of result.jobs) {
          const before = seen.current.get(job.jobId);
          if (before !== undefined && before !== job.status) announceRef.current(describeChange(job));
          seen.current.set(job.jobId, job.status);
        }
        setJobs(result.jobs);
        setNextToken(result.nextToken);
        setError(null);
        return result.jobs.some(isActive) ? 'active' : 'idle';
      } catch (e) {
        if (!generation || (e as { name?: string })?.name === 'AbortError') return 'idle';
        setError(e instanceof ApiError ? e : new ApiError('network', String(e)));
        return 'error';
      }
    }, pollerOptions);
    poller.current = p;
    return () => {
      generation = false;
      controller?.abort();
      p.stop();
      if (poller.current === p) poller.current = null;
    };
    // pollerOptions is configuration for tests; it does not change while mounted.
  }, [api, status, token]);

  const setStatus = useCallback((next: JobStatus | null) => {
    setStatusState(next);
    setTokens([null]);
    setJobs(null);
  }, []);

  const older = useCallback(() => {
    if (nextToken) {
      setTokens((t) => [...t, nextToken]);
      setJobs(null);
    }
  }, [nextToken]);

  const newer = useCallback(() => {
    setTokens((t) => (t.length > 1 ? t.slice(0, -1) : t));
    setJobs(null);
  }, []);

  const refresh = useCallback(() => poller.current?.poke(), []);

  return { jobs, error, status, page, hasOlder: nextToken != null, hasNewer: page > 0, setStatus, older, newer, refresh };
}
