import { useEffect, useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { Job, Profile } from '../api/types';
import { startPoller, type PollerOptions } from '../lib/poller';
import { isActive } from '../lib/stages';

export interface JobDetailState {
  job: Job | null;
  error: ApiError | null;
  profile: Profile | null;
  /** The schema document inferred from a JSON upload (null for Parquet uploads). */
  schema: unknown;
  profileError: ApiError | null;
  profileLoading: boolean;
}

/** The profile exists when Parquet was read: a Parquet upload, or JSON converted to Parquet. */
export function hasProfile(job: Job): boolean {
  return job.inputFormat === 'parquet' || job.inputFormat === undefined || job.outputFormat === 'parquet';
}

/** JSON and NDJSON uploads keep the schema inferred from them (runs/{jobId}/schema.json). */
export function hasInferredSchema(job: Job): boolean {
  return job.inputFormat === 'json' || job.inputFormat === 'ndjson';
}

/** One job, polled every second while it is PENDING or RUNNING; its profile (and inferred schema) once it is COMPLETED. */
export function useJob(api: ApiClient | null, jobId: string | null, pollerOptions?: PollerOptions): JobDetailState {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [schema, setSchema] = useState<unknown>(null);
  const [profileError, setProfileError] = useState<ApiError | null>(null);
  const [profileLoading, setProfileLoading] = useState(false);

  useEffect(() => {
    setJob(null);
    setError(null);
    setProfile(null);
    setSchema(null);
    setProfileError(null);
    if (!api || !jobId) return;
    let live = true;
    const controller = new AbortController();
    const poller = startPoller(async () => {
      try {
        const current = await api.getJob(jobId, controller.signal);
        if (!live) return 'idle';
        setJob(current);
        setError(null);
        if (isActive(current)) return 'active';
        poller.stop();
        return 'idle';
      } catch (e) {
        if (!live || (e as { name?: string })?.name === 'AbortError') return 'idle';
        const problem = e instanceof ApiError ? e : new ApiError('network', String(e));
        setError(problem);
        if (problem.status === 404) poller.stop();
        return 'error';
      }
    }, pollerOptions);
    return () => {
      live = false;
      controller.abort();
      poller.stop();
    };
    // The poller's options are configuration for tests; they do not change while mounted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, jobId]);

  const completed = job?.status === 'COMPLETED' ? job : null;
  const completedId = completed?.jobId ?? null;
  const wantProfile = completed ? hasProfile(completed) : false;
  const wantSchema = completed ? hasInferredSchema(completed) : false;
  useEffect(() => {
    if (!api || !completedId || (!wantProfile && !wantSchema)) return;
    let live = true;
    const controller = new AbortController();
    const fail = (e: unknown) => {
      if (live && (e as { name?: string })?.name !== 'AbortError') setProfileError(e instanceof ApiError ? e : new ApiError('network', String(e)));
    };
    setProfileLoading(true);
    const loads: Promise<unknown>[] = [];
    if (wantProfile) loads.push(api.profile(completedId, controller.signal).then((p) => live && setProfile(p), fail));
    if (wantSchema) loads.push(api.inferredSchema(completedId, controller.signal).then((s) => live && setSchema(s), fail));
    void Promise.all(loads).finally(() => live && setProfileLoading(false));
    return () => {
      live = false;
      controller.abort();
    };
  }, [api, completedId, wantProfile, wantSchema]);

  return { job, error, profile, schema, profileError, profileLoading };
}
