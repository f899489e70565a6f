import type { AgentRun } from '../api/agents';
import { formatCount, formatDuration } from '../lib/format';

/** "$0.0123"; amounts under a cent keep four decimals, since a Haiku call costs fractions of a cent. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0.00';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** Which agent ran, tokens, cost against the estimate made before the run, and time per stage. */
export function RunCost({ run }: { run: AgentRun }) {
  const tokens = run.tokens ?? { input: 0, output: 0 };
  const seconds = run.stages.reduce((sum, s) => sum + (s.durationSeconds ?? 0), 0);
  return (
    <dl className="facts run-facts">
      <div>
        <dt>Agent</dt>
        <dd>
          {run.agent} <span className="muted small">({run.model})</span>
        </dd>
      </div>
      <div>
        <dt>Tokens in / out</dt>
        <dd>
          {formatCount(tokens.input)} / {formatCount(tokens.output)}
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>
          {formatUsd(run.costUsd)} <span className="muted small">estimated {formatUsd(run.costEstimateUsd)}</span>
        </dd>
      </div>
      <div>
        <dt>Took</dt>
        <dd title={run.stages.map((s) => `${s.stage} ${formatDuration(s.durationSeconds)}`).join(', ')}>{formatDuration(seconds)}</dd>
      </div>
      {run.source && (
        <div>
          <dt>Source</dt>
          <dd>
            <span className="mono">{run.source.dataset ?? run.source.name}</span>
            {run.source.datasetVersion != null ? ` v${run.source.datasetVersion}` : ''} <span className="muted small">({run.source.tables.length} tables)</span>
          </dd>
        </div>
      )}
      <div>
        <dt>Run</dt>
        <dd className="mono small">{run.runId}</dd>
      </div>
    </dl>
  );
}
