import type { JobStatus } from '../api/types';
import { CheckIcon, ClockIcon, CrossIcon, SkipIcon, SpinnerIcon } from './Icons';

/** A job or stage status, exactly as the API names it, with an icon so colour is never the only cue. */
export function StatusBadge({ status }: { status: JobStatus | string }) {
  const Icon = status === 'COMPLETED' ? CheckIcon : status === 'FAILED' ? CrossIcon : status === 'RUNNING' ? SpinnerIcon : status === 'SKIPPED' ? SkipIcon : ClockIcon;
  return (
    <span className={`badge badge-${status.toLowerCase()}`}>
      <Icon size={14} />
      {status}
    </span>
  );
}
