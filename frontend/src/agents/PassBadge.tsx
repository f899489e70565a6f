import { CheckIcon, CrossIcon } from '../components/Icons';

/** Green "passed" or red "failed" (or grey "not run"), with an icon so colour is never the only cue. */
export function PassBadge({ passed, passedText = 'passed', failedText = 'failed' }: { passed: boolean | null; passedText?: string; failedText?: string }) {
  if (passed === null) return <span className="badge badge-skipped">not run</span>;
  return passed ? (
    <span className="badge badge-completed">
      <CheckIcon size={14} />
      {passedText}
    </span>
  ) : (
    <span className="badge badge-failed">
      <CrossIcon size={14} />
      {failedText}
    </span>
  );
}
