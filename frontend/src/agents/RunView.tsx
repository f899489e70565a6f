import type { AgentRun } from '../api/agents';
import type { ApiClient } from '../api/client';
import { plural } from '../lib/format';
import { DecisionList } from './DecisionList';
import { DiffView } from './DiffView';
import { FileBrowser } from './FileBrowser';
import { PlanView } from './PlanView';
import { RunCost } from './RunCost';
import { RunDownloads } from './RunDownloads';
import { RunVerdict } from './RunVerdict';
import { ValidationView } from './ValidationView';

/** One agent run from its run log: outcome, cost, downloads, plan, decisions, files, validation and the diff of an update. */
export function RunView({ api, run }: { api: ApiClient | null; run: AgentRun }) {
  const stagesWithDecisions = run.stages.filter((s) => (s.decisions ?? []).length > 0);
  const report = run.validation?.report;
  return (
    <div className="agent-run">
      <RunVerdict run={run} />
      <RunDownloads api={api} jobId={run.jobId} />
      <RunCost run={run} />
      {run.prompts && run.prompts.length > 1 && (
        <>
          <h3>Prompts of this project</h3>
          <ol className="prompt-chain">
            {run.prompts.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ol>
        </>
      )}

      {/* An update is about what changed: its diff comes first. */}
      {run.update && (
        <>
          <h3>
            Changes against the previous project <span className="muted heading-note">{describeOrigin(run.update.from)}</span>
          </h3>
          <DiffView diff={run.update.diff ?? ''} />
        </>
      )}

      {run.plan && (
        <>
          <h3>
            Plan <span className="muted heading-note">project {run.plan.projectName}, {plural(run.plan.models.length, 'model')}</span>
          </h3>
          <PlanView plan={run.plan} />
          {run.plan.decisions.length > 0 && <DecisionList decisions={run.plan.decisions} label="Decisions about the project" />}
        </>
      )}

      <h3>Decisions</h3>
      {stagesWithDecisions.length === 0 && !run.update?.decisions?.length ? (
        <p className="muted small">No stage recorded a decision.</p>
      ) : (
        <>
          {stagesWithDecisions.map((s) => (
            <div key={s.stage} className="decision-group">
              <h4>{s.stage}</h4>
              <DecisionList decisions={s.decisions!} label={`Decisions of the ${s.stage} stage`} />
            </div>
          ))}
          {run.update?.decisions && run.update.decisions.length > 0 && (
            <div className="decision-group">
              <h4>merge</h4>
              <DecisionList decisions={run.update.decisions} label="Decisions of the merge" />
            </div>
          )}
        </>
      )}

      <h3>
        Files <span className="muted heading-note">{plural(run.files.length, 'file')}</span>
      </h3>
      <FileBrowser key={run.runId} files={run.files} models={report?.models ?? []} />

      {report && (
        <>
          <h3>
            Validation <span className="muted heading-note">{plural(run.validation!.rounds, 'round')}</span>
          </h3>
          <ValidationView report={report} />
        </>
      )}

    </div>
  );
}

function describeOrigin(from: string): string {
  if (from.startsWith('previousJobId:')) return `from run ${from.slice('previousJobId:'.length)}`;
  if (from.startsWith('upload:')) return 'from the uploaded project';
  return from;
}
