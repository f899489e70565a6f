/** A labelled progress bar (0–1) that screen readers announce as a percentage. */
export function ProgressBar({ value, label, tone = 'running', showText = true }: { value: number; label: string; tone?: 'running' | 'done' | 'failed' | 'idle'; showText?: boolean }) {
  const percent = Math.round(Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0)) * 100);
  return (
    <div className="progress">
      <div className={`progress-track progress-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {showText && (
        <span className="progress-text" aria-hidden="true">
          {percent}%
        </span>
      )}
    </div>
  );
}
