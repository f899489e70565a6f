import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError, ApiClient } from '../api/client';
import type { Job, Profile } from '../api/types';
import { polling, type PollingOptions } from '../lib/polling';
import { isActive } from '../lib/stages';
import { asApiError } from './useJobs';

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
  if (job.type === 'agent') return false;
  return job.inputFormat === 'parquet' || job.inputFormat === undefined || job.outputFormat === 'parquet';
}

/** JSON and NDJSON uploads keep the schema inferred from them (runs/{jobId}/schema.json). */
export function hasInferredSchema(job: Job): boolean {
  if (job.type === 'agent') return false;
  return job.inputFormat === 'json' || job.inputFormat === 'ndjson';
}

export const jobKey = (jobId: string) => ['job', jobId] as const;

/** One job, polled every second while it is PENDING or RUNNING; its profile (and inferred schema) once it is COMPLETED. */
export function useJob(api: ApiClient | null, jobId: string | null, pollingOptions?: PollingOptions): JobDetailState {
  const [interval] = useState(() =>
    polling<Job>(isActive, pollingOptions, (query) => {
      const { status, data, error } = query.state;
      // A finished job does not change any more, and an unknown one will not appear.
      if (status === 'error') return (error as ApiError | null)?.status === 404;
      return data !== undefined && !isActive(data);
    }),
  );
  const jobQuery = useQuery({
    queryKey: jobKey(jobId ?? ''),
    queryFn: ({ signal }) => api!.getJob(jobId!, signal),
    enabled: api !== null && jobId !== null,
    refetchInterval: interval,
  });
  const job = jobQuery.data ?? null;

  const completedId = job?.status === 'COMPLETED' ? job.jobId : null;
  const wantProfile = job !== null && completedId !== null && hasProfile(job);
  const wantSchema = job !== null && completedId !== null && hasInferredSchema(job);
  const profileQuery = useQuery({
    queryKey: ['job', completedId, 'profile'],
    queryFn: ({ signal }) => api!.profile(completedId!, signal),
    enabled: api !== null && wantProfile,
    staleTime: Infinity,
  });
  const schemaQuery = useQuery({
    queryKey: ['job', completedId, 'schema'],
    queryFn: ({ signal }) => api!.inferredSchema(completedId!, signal),
    enabled: api !== null && wantSchema,
    staleTime: Infinity,
  });

  return {
    job,
    error: asApiError(jobQuery.error),
    profile: profileQuery.data ?? null,
    schema: schemaQuery.data ?? null,
    profileError: asApiError(profileQuery.error ?? schemaQuery.error),
    profileLoading: (wantProfile && profileQuery.isPending) || (wantSchema && schemaQuery.isPending),
  };
}
