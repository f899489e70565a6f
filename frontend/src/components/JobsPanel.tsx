import { useEffect, useId, useState } from 'react';
import { JOB_STATUSES, type Job, type JobStatus } from '../api/types';
import type { JobsState } from '../hooks/useJobs';
import { jobHref } from '../hooks/routes';
import { formatBytes, formatDuration, secondsBetween } from '../lib/format';
import { RefreshIcon } from './Icons';
import { Notice } from './Notice';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

interface Props {
  state: JobsState;
  selectedId: string | null;
  onSelect(jobId: string): void;
}

/** Ticks once a second while some job runs, so elapsed times move between polls. */
function useNow(enabled: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [enabled]);
  return now;
}

export function elapsedOf(job: Job, now: number): number | null {
  if (job.processingTime != null) return job.processingTime;
  if (job.status === 'RUNNING') return secondsBetween(job.startedAt ?? job.createdAt, null, now);
  return null;
}

export function JobsPanel({ state, selectedId, onSelect }: Props) {
  const filterId = useId();
  const { jobs, error, status } = state;
  const now = useNow(!!jobs?.some((j) => j.status === 'RUNNING'));

  return (
    <section className="card jobs" aria-labelledby="jobs-heading">
      <div className="card-header">
        <h2 id="jobs-heading">Jobs</h2>
        <div className="toolbar">
          <label htmlFor={filterId}>Show</label>
          <select id={filterId} value={status ?? ''} onChange={(e) => state.setStatus((e.target.value || null) as JobStatus | null)}>
            <option value="">All jobs</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s} only
              </option>
            ))}
          </select>
          <button type="button" className="button button-small button-icon" onClick={state.refresh} aria-label="Refresh the job list">
            <RefreshIcon size={16} />
          </button>
        </div>
      </div>

      {error && (
        <Notice tone="error" role="alert" title={jobs ? 'The list may be out of date' : 'Jobs cannot be loaded'} action={<button type="button" className="button button-small" onClick={state.refresh}>Try again</button>}>
          <p>{error.detail}</p>
          <p className="muted">The page keeps retrying on its own.</p>
        </Notice>
      )}

      {!error && jobs === null && <p className="muted loading" role="status">Loading jobs…</p>}

      {jobs && jobs.length === 0 && !error && (
        status === null && state.page === 0 ? (
          <Notice tone="info" title="No jobs yet">
            <p>Upload a Parquet, JSON or NDJSON file above. It will appear here and move through the stages validate → convert → profile.</p>
          </Notice>
        ) : (
          <Notice tone="info" title={`No ${status ?? ''} jobs${state.page > 0 ? ' on this page' : ''}`.replace('  ', ' ')} action={<button type="button" className="button button-small" onClick={() => state.setStatus(null)}>Show all jobs</button>}>
            <p>Nothing matches this filter.</p>
          </Notice>
        )
      )}

      {jobs && jobs.length > 0 && (
        <div className="table-scroll">
          <table className="jobs-table">
            <caption className="visually-hidden">Jobs, newest first{status ? `, ${status} only` : ''}. Choose a file name to see the job's details.</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">Size</th>
                <th scope="col">Status</th>
                <th scope="col">Stage</th>
                <th scope="col">Progress</th>
                <th scope="col" className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <JobRow key={job.jobId} job={job} now={now} selected={job.jobId === selectedId} onSelect={onSelect} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {(state.hasNewer || state.hasOlder) && (
        <nav className="pager" aria-label="Job list pages">
          <button type="button" className="button button-small" onClick={state.newer} disabled={!state.hasNewer}>
            ← Newer
          </button>
          <span className="muted">Page {state.page + 1}</span>
          <button type="button" className="button button-small" onClick={state.older} disabled={!state.hasOlder}>
            Older →
          </button>
        </nav>
      )}
    </section>
  );
}

function JobRow({ job, now, selected, onSelect }: { job: Job; now: number; selected: boolean; onSelect(jobId: string): void }) {
  const elapsed = elapsedOf(job, now);
  const stage =
    job.status === 'COMPLETED' ? (job.review === 'pending' ? 'done, review pending' : 'done') : job.status === 'PENDING' ? 'not started' : (job.stage ?? (job.status === 'RUNNING' ? 'queued' : '—'));
  // A failed job says what kind of failure it was (its diagnosis), the resolution on hover; the detail says it all.
  const failure = job.status === 'FAILED' && job.errorCategory ? ` · ${job.errorCategory}` : '';
  const tone = job.status === 'COMPLETED' ? 'done' : job.status === 'FAILED' ? 'failed' : job.status === 'RUNNING' ? 'running' : 'idle';
  return (
    <tr className={selected ? 'selected' : undefined} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(job.jobId)}>
      <td className="file-cell">
        <a
          href={jobHref(job.jobId)}
          title={job.fileName}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            onSelect(job.jobId);
          }}
        >
          {job.fileName}
        </a>
      </td>
      <td className="num">{formatBytes(job.bytesIn)}</td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td title={job.status === 'FAILED' ? (job.resolution ?? undefined) : undefined}>
        {stage}
        {failure}
      </td>
      <td>
        <ProgressBar value={job.status === 'COMPLETED' ? 1 : job.progress} tone={tone} label={`Progress of ${job.fileName}`} showText={false} />
      </td>
      <td className="num">{elapsed != null ? formatDuration(elapsed) : '—'}</td>
    </tr>
  );
}
