import { useEffect, useRef } from 'react';
import type { ApiClient } from '../api/client';
import type { Job } from '../api/types';
import { FailureDiagnosis } from '../components/FailureDiagnosis';
import { AlertIcon } from '../components/Icons';
import { Notice } from '../components/Notice';
import { ProgressBar } from '../components/ProgressBar';
import { StageTimeline } from '../components/StageTimeline';
import { StatusBadge } from '../components/StatusBadge';
import { jobHref } from '../hooks/routes';
import { asApiError } from '../hooks/useJobs';
import { formatTime } from '../lib/format';
import { isActive } from '../lib/stages';
import { useAgentJob, useAgentRun } from './queries';
import { formatUsd } from './RunCost';
import { RunView } from './RunView';

/** One agent job: its progress while it runs, why it failed, and the run log once it is done. */
export function AgentJobView({ api, jobId, reveal = false }: { api: ApiClient | null; jobId: string; reveal?: boolean }) {
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    // Chosen by its address (a link, a new run): bring it into view; the newest run shown by default stays put.
    if (reveal) card.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  const jobQuery = useAgentJob(api, jobId);
  const job = jobQuery.data ?? null;
  const run = useAgentRun(api, job);
  const jobError = asApiError(jobQuery.error);
  const runError = asApiError(run.error);

  return (
    <section ref={card} className="card agent-job" aria-labelledby="agent-run-heading" data-job-id={jobId}>
      <div className="detail-header">
        <div className="detail-title">
          <h2 id="agent-run-heading">{job?.prompt ? `“${job.prompt}”` : 'Agent run'}</h2>
          {job && <StatusBadge status={job.status} />}
        </div>
        <a href={jobHref(jobId)} className="button button-small">
          Job details
        </a>
      </div>
      {job && (
        <p className="muted small">
          Started {formatTime(job.createdAt)}
          {job.agent ? ` · ${job.agent} agent` : ''}
          {job.costEstimateUsd != null ? ` · estimated ${formatUsd(job.costEstimateUsd)}` : ''}
        </p>
      )}

      {!job &&
        (jobError ? (
          <Notice tone="error" role="alert" title={jobError.status === 404 ? 'This agent job does not exist' : 'The agent job cannot be loaded'}>
            <p>{jobError.detail}</p>
          </Notice>
        ) : (
          <p className="muted loading" role="status">
            Loading the agent job…
          </p>
        ))}

      {job && isActive(job) && <Progress job={job} />}
      {job?.status === 'FAILED' && <AgentFailure job={job} />}
      {job && job.status !== 'COMPLETED' && (job.stages?.length ?? 0) > 0 && (
        <>
          <h3>Pipeline</h3>
          <StageTimeline job={job} now={Date.now()} />
        </>
      )}

      {job && !isActive(job) &&
        (run.data ? (
          <RunView api={api} run={run.data} />
        ) : run.isPending ? (
          <p className="muted loading" role="status">
            Loading the run log…
          </p>
        ) : job.status === 'COMPLETED' && runError ? (
          <Notice tone="error" title="The run log cannot be shown">
            <p>{runError.detail}</p>
          </Notice>
        ) : null)}
    </section>
  );
}

function Progress({ job }: { job: Job }) {
  return (
    <div className="detail-progress" role="status">
      <ProgressBar value={job.progress} label={`Progress of the agent run`} />
      <p className="muted">{job.stage ? `Now in the ${job.stage} stage.` : 'Queued; it starts when a worker is free.'} This page updates by itself.</p>
    </div>
  );
}

function AgentFailure({ job }: { job: Job }) {
  return (
    <div className="failure" role="alert">
      <AlertIcon size={22} className="failure-icon" />
      <div>
        <h3 className="failure-title">Why it failed{job.stage ? ` (in the ${job.stage} stage)` : ''}</h3>
        <p className="failure-message">{job.errorMessage ?? 'No message was recorded.'}</p>
        <FailureDiagnosis job={job} />
        {job.errorType && (
          <p className="muted small">
            Error type <code>{job.errorType}</code>.
          </p>
        )}
      </div>
    </div>
  );
}
