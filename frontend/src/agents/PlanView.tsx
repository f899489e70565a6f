import type { PlannedModel, ProjectPlan } from '../api/agents';
import { Breakable } from './breakable';
import { ConfidenceBadge } from './ConfidenceBadge';
import { ScrollRegion } from './ScrollRegion';

const LAYERS = ['staging', 'intermediate', 'marts'];
const layerRank = (layer: string) => (LAYERS.indexOf(layer) + LAYERS.length + 1) % (LAYERS.length + 1);

/** The plan: one row per model (layer, materialization, inputs), with the decision behind it. */
export function PlanView({ plan }: { plan: ProjectPlan }) {
  const models = [...plan.models].sort((a, b) => layerRank(a.layer) - layerRank(b.layer));
  return (
    <ScrollRegion label="Planned models">
      <table className="data-table plan-table">
        <caption className="visually-hidden">Planned models of {plan.projectName}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Layer</th>
            <th scope="col">Materialized as</th>
            <th scope="col">Confidence</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <PlanRow key={model.name} model={model} />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function PlanRow({ model }: { model: PlannedModel }) {
  return (
    <tr>
      <th scope="row">
        <span className="mono">
          <Breakable text={model.name} />
        </span>
        {model.description && <span className="plan-description">{model.description}</span>}
        {model.inputs.length > 0 && <span className="plan-inputs muted small">reads {model.inputs.join(', ')}</span>}
      </th>
      <td>
        <span className={`layer layer-${model.layer}`}>{model.layer}</span>
      </td>
      <td>
        {model.materialization}
        {model.uniqueKey && model.uniqueKey.length > 0 && <span className="muted small"> on {model.uniqueKey.join(', ')}</span>}
      </td>
      <td>
        <ConfidenceBadge confidence={model.decision.confidence} />
      </td>
      <td className="plan-why">{model.decision.reasoning}</td>
    </tr>
  );
}
