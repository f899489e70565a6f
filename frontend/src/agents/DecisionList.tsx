import type { AgentDecision } from '../api/agents';
import { ConfidenceBadge } from './ConfidenceBadge';
import { ScrollRegion } from './ScrollRegion';

/** Longer lists scroll inside their own region. */
const LONG = 10;

/** Decisions as the agent recorded them: what, how sure, why. */
export function DecisionList({ decisions, label }: { decisions: readonly AgentDecision[]; label: string }) {
  if (decisions.length === 0) return <p className="muted small">No decisions recorded.</p>;
  const list = (
    <ul className="decisions" aria-label={label}>
      {decisions.map((d, i) => (
        <li key={i} className="decision">
          <ConfidenceBadge confidence={d.confidence} />
          <div>
            <span className="decision-action">{d.action}</span>
            <span className="decision-reasoning">{d.reasoning}</span>
          </div>
        </li>
      ))}
    </ul>
  );
  return decisions.length > LONG ? <ScrollRegion label={`${label} (scrolls)`}>{list}</ScrollRegion> : list;
}
