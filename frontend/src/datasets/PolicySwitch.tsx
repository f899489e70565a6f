import { useEffect, useId, useState } from 'react';
import { POLICIES, type Policy } from '../api/datasets';

const EXPLAIN: Record<Policy, string> = {
  evolve: 'apply added columns and widened types; hold breaking changes for review',
  freeze: 'refuse any change: the job fails and names every change',
  review: 'hold every change until someone approves it',
};

/**
 * What happens when a new file changes the tables: evolve, freeze or review. The choice is applied with a button, so
 * moving through the options with the arrow keys does not change the dataset on the way.
 */
export function PolicySwitch({ policy, busy, onChange }: { policy: Policy; busy: boolean; onChange(mode: Policy): void }) {
  const hintId = useId();
  const [choice, setChoice] = useState(policy);
  useEffect(() => setChoice(policy), [policy]);
  return (
    <form
      className="policy-switch"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice !== policy) onChange(choice);
      }}
    >
      <fieldset aria-describedby={hintId}>
        <legend>When a new file changes the tables</legend>
        <div className="policy-options">
          {POLICIES.map((mode) => (
            <label key={mode} className="policy-option">
              <input type="radio" name="dataset-policy" value={mode} checked={mode === choice} onChange={() => setChoice(mode)} />
              <span className="policy-name">{mode}</span>
              <span className="muted small">
                {EXPLAIN[mode]}
                {mode === policy ? ' (the policy now)' : ''}
              </span>
            </label>
          ))}
        </div>
        <div className="policy-apply">
          <button type="submit" className="button button-small button-primary" disabled={busy || choice === policy}>
            Apply policy
          </button>
          <p id={hintId} className="muted small">
            The policy applies to the next upload into this dataset.
          </p>
        </div>
      </fieldset>
    </form>
  );
}
