import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AgentInvokeRequest } from '../api/agents';
import type { ApiClient } from '../api/client';
import type { Job, JobPage } from '../api/types';
import { jobKey } from '../hooks/useJob';
import { polling } from '../lib/polling';
import { isActive } from '../lib/stages';

/** GET /jobs answers at most this many per page; filtered to this dataset's agent jobs, one page holds its recent runs. */
const PAGE = 100;

export const agentJobsKey = (dataset: string) => ['jobs', 'agent', dataset] as const;
export const agentRunKey = (jobId: string) => ['job', jobId, 'run'] as const;

/** An agent job of this dataset: `type: agent` with the dataset it reads. */
export const isAgentJobOf = (dataset: string) => (job: Job) => job.type === 'agent' && job.dataset === dataset;

/** This dataset's agent jobs, newest first, asked again every second while one runs. */
export function useAgentJobs(api: ApiClient | null, dataset: string) {
  const [interval] = useState(() => polling<Job[]>((jobs) => jobs.some(isActive), { idleMs: 4000, maxMs: 30000 }));
  return useQuery({
    queryKey: agentJobsKey(dataset),
    queryFn: async ({ signal }) => {
      const page: JobPage = await api!.listJobs({ limit: PAGE, type: 'agent', dataset }, signal);
      return page.jobs.filter(isAgentJobOf(dataset));
    },
    enabled: api !== null,
    refetchInterval: interval,
  });
}

/** One agent job, polled every second while it runs (the same cache entry as the job view's). */
export function useAgentJob(api: ApiClient | null, jobId: string | null) {
  const [interval] = useState(() => polling<Job>(isActive, {}, (query) => query.state.data !== undefined && !isActive(query.state.data)));
  return useQuery({
    queryKey: jobKey(jobId ?? ''),
    queryFn: ({ signal }) => api!.getJob(jobId!, signal),
    enabled: api !== null && jobId !== null,
    refetchInterval: interval,
  });
}

/**
 * The run log (run.json) of a finished agent job. A completed job always has one; a failed job has one when it got as
 * far as delivering (validation that still fails is delivered, marked failing), so its absence is not an error there.
 */
export function useAgentRun(api: ApiClient | null, job: Job | null) {
  const finished = job !== null && !isActive(job);
  return useQuery({
    queryKey: agentRunKey(job?.jobId ?? ''),
    queryFn: ({ signal }) => api!.agentRun(job!.jobId, signal),
    enabled: api !== null && finished,
    staleTime: Infinity,
  });
}

/** POST /agent-invoke; the dataset's job list is asked again so the new run appears in it. */
export function useInvokeAgent(api: ApiClient | null, dataset: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: AgentInvokeRequest) => (api ? api.invokeAgent(request) : Promise.reject(new Error('The page is still starting.'))),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentJobsKey(dataset) }),
  });
}
