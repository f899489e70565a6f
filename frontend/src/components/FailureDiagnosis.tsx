import type { Job } from '../api/types';

const CATEGORY_TEXT: Record<string, string> = {
  input: 'the input',
  schema: 'a schema change',
  limit: 'a size limit',
  transient: 'a temporary problem',
  internal: 'an internal error',
};

const ACTION_TEXT: Record<string, string> = {
  retry: 'Retry',
  'fix-input': 'Fix the input',
  'raise-limit': 'Raise the limit',
  'review-change': 'Review the change',
  escalate: 'Report it',
};

/** The failed job's diagnosis (errorCategory, suggestedAction, resolution on GET /job-status): what kind of failure, what to do. */
export function FailureDiagnosis({ job }: { job: Pick<Job, 'errorCategory' | 'suggestedAction' | 'resolution'> }) {
  if (!job.errorCategory && !job.suggestedAction && !job.resolution) return null;
  return (
    <dl className="diagnosis" aria-label="Diagnosis">
      {job.errorCategory && (
        <div>
          <dt>Caused by</dt>
          <dd>
            <span className={`badge diagnosis-category category-${job.errorCategory}`}>{job.errorCategory}</span> {CATEGORY_TEXT[job.errorCategory] ?? ''}
          </dd>
        </div>
      )}
      {job.suggestedAction && (
        <div>
          <dt>Suggested action</dt>
          <dd>
            <strong>{ACTION_TEXT[job.suggestedAction] ?? job.suggestedAction}</strong> <code className="muted small">{job.suggestedAction}</code>
          </dd>
        </div>
      )}
      {job.resolution && (
        <div>
          <dt>How to resolve it</dt>
          <dd className="diagnosis-resolution">{job.resolution}</dd>
        </div>
      )}
    </dl>
  );
}
