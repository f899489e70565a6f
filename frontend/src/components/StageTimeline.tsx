import type { Job, JobStage } from '../api/types';
import { formatClock, formatDuration, secondsBetween } from '../lib/format';
import { describeStage, stagesOf } from '../lib/stages';
import { CheckIcon, ClockIcon, CrossIcon, SkipIcon, SpinnerIcon } from './Icons';

function StageIcon({ status }: { status: JobStage['status'] }) {
  switch (status) {
    case 'COMPLETED':
      return <CheckIcon size={16} />;
    case 'FAILED':
      return <CrossIcon size={16} />;
    case 'RUNNING':
      return <SpinnerIcon size={16} />;
    case 'SKIPPED':
      return <SkipIcon size={16} />;
    default:
      return <ClockIcon size={16} />;
  }
}

const WORDS: Record<string, string> = {
  COMPLETED: 'done',
  FAILED: 'failed',
  RUNNING: 'running',
  PENDING: 'waiting',
  SKIPPED: 'skipped',
};

/** The job's stages in order, with how long each took and a bar for its share of the whole run. */
export function StageTimeline({ job, now }: { job: Job; now: number }) {
  const stages = stagesOf(job);
  if (stages.length === 0) {
    return <p className="muted">This job ran before stage times were recorded.</p>;
  }
  const durations = stages.map((s) => s.durationSeconds ?? (s.status === 'RUNNING' ? secondsBetween(s.startedAt, null, now) : null));
  const total = durations.reduce<number>((sum, d) => sum + (d ?? 0), 0);
  return (
    <ol className="timeline">
      {stages.map((stage, i) => {
        const duration = durations[i];
        const share = total > 0 && duration != null ? Math.max(0.02, duration / total) : 0;
        return (
          <li key={stage.name} className={`stage stage-${stage.status.toLowerCase()}`} aria-current={stage.status === 'RUNNING' ? 'step' : undefined}>
            <span className="stage-marker">
              <StageIcon status={stage.status} />
            </span>
            <div className="stage-body">
              <div className="stage-line">
                <span className="stage-name">{stage.name}</span>
                <span className="stage-status">
                  {WORDS[stage.status] ?? stage.status.toLowerCase()}
                  {stage.attempts > 1 ? ` (attempt ${stage.attempts})` : ''}
                </span>
                {stage.startedAt && <span className="stage-time muted">started {formatClock(stage.startedAt)}</span>}
                <span className="stage-duration">
                  {duration != null ? formatDuration(duration) : ''}
                  {stage.status === 'RUNNING' && duration != null ? '…' : ''}
                </span>
              </div>
              <p className="stage-description muted">{describeStage(stage.name, job)}</p>
              {share > 0 && (
                <div className="stage-bar" aria-hidden="true">
                  <div style={{ width: `${Math.round(share * 100)}%` }} />
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
