import { useEffect, useRef, useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { Artifact, Job } from '../api/types';
import { agentRunHref, datasetHref, versionHref } from '../hooks/routes';
import { useJob } from '../hooks/useJob';
import { formatBytes, formatCount, formatDuration, formatTime, plural, secondsBetween } from '../lib/format';
import { inferredSchemaOf } from '../lib/inferredSchema';
import { isActive } from '../lib/stages';
import { FailureDiagnosis } from './FailureDiagnosis';
import { AlertIcon, DownloadIcon } from './Icons';
import { Notice } from './Notice';
import { InferredSchemaTable, SampleRows, SchemaTable } from './ProfileTables';
import { ProgressBar } from './ProgressBar';
import { StageTimeline } from './StageTimeline';
import { StatusBadge } from './StatusBadge';

const FORMAT_NAMES: Record<string, string> = { ndjson: 'NDJSON', json: 'JSON', parquet: 'Parquet' };
const formatName = (f: string | null | undefined) => (f ? (FORMAT_NAMES[f] ?? f.toUpperCase()) : '—');

interface Props {
  api: ApiClient | null;
  jobId: string;
  /** Move focus to the heading when shown (after the user picked the job). */
  focusOnShow: boolean;
  onClose(): void;
  /** Navigates to a download URL; replaced in tests. */
  navigate?: (url: string) => void;
}

function useTicking(enabled: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [enabled]);
  return now;
}

export function JobDetail({ api, jobId, focusOnShow, onClose, navigate = (url) => window.location.assign(url) }: Props) {
  const { job, error, profile, schema, profileError, profileLoading } = useJob(api, jobId);
  const heading = useRef<HTMLHeadingElement>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<Artifact | null>(null);
  const now = useTicking(job?.status === 'RUNNING');

  useEffect(() => {
    if (focusOnShow && job) heading.current?.focus();
    // Only when another job is shown, not on every poll.
  }, [jobId, !!job]);

  useEffect(() => setDownloadError(null), [jobId]);

  const download = async (artifact: Artifact) => {
    if (!api) return;
    setDownloadError(null);
    setDownloading(artifact);
    try {
      const link = await api.download(jobId, artifact);
      navigate(link.downloadUrl);
    } catch (e) {
      setDownloadError(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setDownloading(null);
    }
  };

  if (!job) {
    return (
      <section className="card detail" aria-labelledby="detail-heading">
        <h2 id="detail-heading" ref={heading} tabIndex={-1}>
          Job details
        </h2>
        {error ? (
          <Notice tone="error" role="alert" title={error.status === 404 ? 'This job does not exist' : 'The job cannot be loaded'} action={<button type="button" className="button button-small" onClick={onClose}>Close</button>}>
            <p>{error.detail}</p>
          </Notice>
        ) : (
          <p className="muted" role="status">
            Loading job…
          </p>
        )}
      </section>
    );
  }

  const inferred = inferredSchemaOf(profile, schema);
  const elapsed = job.processingTime ?? (job.status === 'RUNNING' ? secondsBetween(job.startedAt ?? job.createdAt, null, now) : null);

  return (
    <section className="card detail" aria-labelledby="detail-heading">
      <div className="detail-header">
        <div className="detail-title">
          <h2 id="detail-heading" ref={heading} tabIndex={-1} title={job.fileName}>
            {job.fileName}
          </h2>
          <StatusBadge status={job.status} />
        </div>
        <button type="button" className="button button-small" onClick={onClose} aria-label="Close job details">
          Close
        </button>
      </div>

      {job.status === 'COMPLETED' && job.type === 'agent' && (
        <div className="downloads">
          <button type="button" className="button button-primary" onClick={() => download('dbt')} disabled={downloading !== null}>
            <DownloadIcon size={18} />
            Download the dbt project (zip)
          </button>
          <button type="button" className="button" onClick={() => download('log')} disabled={downloading !== null}>
            Download the run log (JSON)
          </button>
          {job.dataset && (
            <a className="button" href={agentRunHref(job.dataset, job.jobId)}>
              Open the run: plan, files, validation
            </a>
          )}
          {downloadError && (
            <p className="inline-error" role="alert">
              {downloadError}
            </p>
          )}
        </div>
      )}

      {job.status === 'COMPLETED' && job.type !== 'agent' && (
        <div className="downloads">
          <button type="button" className="button button-primary" onClick={() => download('output')} disabled={downloading !== null}>
            <DownloadIcon size={18} />
            Download {formatName(job.outputFormat)}
          </button>
          <button type="button" className="button" onClick={() => download('profile')} disabled={downloading !== null}>
            Download profile (JSON)
          </button>
          {downloadError && (
            <p className="inline-error" role="alert">
              {downloadError}
            </p>
          )}
        </div>
      )}

      {isActive(job) && (
        <div className="detail-progress">
          <ProgressBar value={job.progress} label={`Progress of ${job.fileName}`} />
          <p className="muted">
            {job.status === 'PENDING'
              ? 'Uploaded but not started yet.'
              : job.stage
                ? `Now in the ${job.stage} stage. This page updates by itself.`
                : 'Queued; it starts when a worker is free.'}
          </p>
        </div>
      )}

      {job.status === 'FAILED' && <Failure job={job} />}

      {job.dataset && job.review === 'pending' && job.datasetVersion != null && (
        <Notice tone="info" title={`Version ${job.datasetVersion} of ${job.dataset} waits for review`} action={<a href={versionHref(job.dataset, job.datasetVersion)}>Review and approve version {job.datasetVersion}</a>}>
          <p>This file changes the tables in a way that may break their readers, so it is held until someone approves it.</p>
        </Notice>
      )}

      <dl className="facts">
        {job.type === 'agent' ? (
          <>
            <div className="fact-wide">
              <dt>Asked</dt>
              <dd>{job.prompt ?? '—'}</dd>
            </div>
            <div>
              <dt>Agent</dt>
              <dd>{job.agent ?? '—'}</dd>
            </div>
          </>
        ) : (
          <>
            <div>
              <dt>Conversion</dt>
              <dd>
                {formatName(job.inputFormat)} → {formatName(job.outputFormat)}
              </dd>
            </div>
            <div>
              <dt>Size in / out</dt>
              <dd>
                {formatBytes(job.bytesIn)} / {formatBytes(job.bytesOut)}
              </dd>
            </div>
            <div>
              <dt>Rows</dt>
              <dd>{formatCount(job.rowCount)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Took</dt>
          <dd>
            {formatDuration(elapsed)}
            {job.status === 'RUNNING' && elapsed != null ? ' so far' : ''}
          </dd>
        </div>
        <div>
          <dt>Uploaded</dt>
          <dd>{formatTime(job.createdAt)}</dd>
        </div>
        {job.dataset && (
          <div>
            <dt>Dataset</dt>
            <dd>
              <a href={job.datasetVersion != null ? versionHref(job.dataset, job.datasetVersion) : datasetHref(job.dataset)} className="mono">
                {job.dataset}
                {job.datasetVersion != null ? ` v${job.datasetVersion}` : ''}
              </a>
              {job.review ? <span className="muted"> · review {job.review}</span> : null}
            </dd>
          </div>
        )}
        <div>
          <dt>Job id</dt>
          <dd className="mono small">{job.jobId}</dd>
        </div>
      </dl>

      <h3>Pipeline</h3>
      <StageTimeline job={job} now={now} />

      {job.status === 'COMPLETED' && (
        <>
          {profileLoading && (
            <p className="muted" role="status">
              Loading the schema and first rows…
            </p>
          )}
          {!profileLoading && !profile && !profileError && inferred && (
            <>
              <h3>
                Schema <span className="muted heading-note">inferred from the JSON, {plural(inferred.columns.length, 'field')}</span>
              </h3>
              <InferredSchemaTable schema={inferred} />
              <p className="table-note muted">The first rows are shown for Parquet results; download the {formatName(job.outputFormat)} file to see every row.</p>
            </>
          )}
          {profileError && (
            <Notice tone="error" title="The profile cannot be shown">
              <p>{profileError.detail}</p>
            </Notice>
          )}
          {profile && (
            <>
              {inferred && (
                <>
                  <h3>
                    Inferred from the JSON <span className="muted heading-note">{plural(inferred.columns.length, 'field')}</span>
                  </h3>
                  <InferredSchemaTable schema={inferred} />
                </>
              )}
              <h3>
                {inferred ? 'Parquet columns' : 'Schema'} <span className="muted heading-note">{profile.columns.length} columns, {formatCount(profile.rowCount)} rows</span>
              </h3>
              <SchemaTable profile={profile} />
              <h3>
                First rows{' '}
                <span className="muted heading-note">
                  {profile.sampleRows.length < profile.rowCount ? `${profile.sampleRows.length} of ${formatCount(profile.rowCount)} rows` : `all ${formatCount(profile.rowCount)} rows`}
                </span>
              </h3>
              <SampleRows profile={profile} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Failure({ job }: { job: Job }) {
  return (
    <div className="failure">
      <AlertIcon size={22} className="failure-icon" />
      <div>
        <h3 className="failure-title">Why it failed{job.stage ? ` (in the ${job.stage} stage)` : ''}</h3>
        <p className="failure-message">{job.errorMessage ?? 'No message was recorded.'}</p>
        <FailureDiagnosis job={job} />
        <p className="muted small">
          {job.errorType ? <>Error type <code>{job.errorType}</code>. </> : null}
          {job.type === 'agent' ? 'The dataset is unchanged; ask the agents again once the cause is fixed.' : job.resolution ? 'The uploaded file is kept.' : 'The uploaded file is kept. Fix or re-export it, then upload it again.'}
        </p>
      </div>
    </div>
  );
}
