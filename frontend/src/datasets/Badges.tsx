import type { Severity, VersionStatus } from '../api/datasets';
import { AlertIcon, CheckIcon, ClockIcon, CrossIcon } from '../components/Icons';

const STATUS_TEXT: Record<VersionStatus, string> = {
  current: 'current',
  previous: 'previous',
  'pending-review': 'pending review',
  rejected: 'rejected',
};

/** A version's place in the dataset, with an icon so colour is never the only cue. */
export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  const Icon = status === 'current' ? CheckIcon : status === 'rejected' ? CrossIcon : ClockIcon;
  return (
    <span className={`badge version-${status}`}>
      <Icon size={14} />
      {STATUS_TEXT[status] ?? status}
    </span>
  );
}

/** How bad a change is for whoever reads the tables: breaking, warning or info. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge severity-${severity}`}>
      {severity === 'info' ? <CheckIcon size={14} /> : <AlertIcon size={14} />}
      {severity}
    </span>
  );
}
