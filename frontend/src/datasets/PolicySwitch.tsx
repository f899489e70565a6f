import { useId } from 'react';
import { POLICIES, type Policy } from '../api/datasets';

const EXPLAIN: Record<Policy, string> = {
  evolve: 'apply added columns and widened types; hold breaking changes for review',
  freeze: 'refuse any change: the job fails and names every change',
  review: 'hold every change until someone approves it',
};

/** What happens when a new file changes the tables: evolve, freeze or review. */
export function PolicySwitch({ policy, busy, onChange }: { policy: Policy; busy: boolean; onChange(mode: Policy): void }) {
  const hintId = useId();
  return (
    <fieldset className="policy-switch" aria-describedby={hintId}>
      <legend>When a new file changes the tables</legend>
      <div className="policy-options">
        {POLICIES.map((mode) => (
          <label key={mode} className={mode === policy ? 'policy-option policy-chosen' : 'policy-option'}>
            <input type="radio" name="dataset-policy" value={mode} checked={mode === policy} disabled={busy} onChange={() => onChange(mode)} />
            <span className="policy-name">{mode}</span>
            <span className="muted small">{EXPLAIN[mode]}</span>
          </label>
        ))}
      </div>
      <p id={hintId} className="muted small">
        The policy applies to the next upload into this dataset.
      </p>
    </fieldset>
  );
}
