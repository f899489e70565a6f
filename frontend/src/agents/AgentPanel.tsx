import type { ApiClient } from '../api/client';
import { Notice } from '../components/Notice';
import { asApiError } from '../hooks/useJobs';
import { AgentJobView } from './AgentJobView';
import { AskForm } from './AskForm';
import { EarlierRuns } from './EarlierRuns';
import { useAgentJobs, useInvokeAgent } from './queries';
import './agents.css';

interface Props {
  api: ApiClient | null;
  dataset: string;
  /** The run chosen by the address (#/datasets/{name}/agents/{jobId}); the newest run otherwise. */
  selected: string | null;
  /** Shows a run (changes the address). */
  onSelect(jobId: string): void;
}

/** "Ask the agents" on a dataset: the prompt, this dataset's runs, and the chosen run. */
export function AgentPanel({ api, dataset, selected, onSelect }: Props) {
  const jobs = useAgentJobs(api, dataset);
  const invoke = useInvokeAgent(api, dataset);
  const runs = jobs.data ?? [];
  const shown = selected ?? runs[0]?.jobId ?? null;
  const error = asApiError(invoke.error);
  const listError = asApiError(jobs.error);

  return (
    <>
      <section className="card agent-panel" aria-labelledby="agents-heading">
        <h2 id="agents-heading">Ask the agents</h2>
        <p className="muted small">
          The agents plan a dbt project over this dataset's tables, write it, run every model and test on the data, and deliver it as a zip. Each decision comes with its confidence and reason.
        </p>
        <AskForm
          dataset={dataset}
          previousRuns={runs.filter((j) => j.status === 'COMPLETED')}
          busy={invoke.isPending}
          onAsk={async (request) => onSelect((await invoke.mutateAsync(request)).jobId)}
        />
        {error && (
          <Notice tone="error" role="alert" title="The agents could not be asked">
            <p>{error.detail}</p>
          </Notice>
        )}
        {listError && (
          <Notice tone="error" title="Earlier runs cannot be listed">
            <p>{listError.detail}</p>
          </Notice>
        )}
        {runs.length > 0 && (
          <>
            <h3>Runs on this dataset</h3>
            <EarlierRuns dataset={dataset} jobs={runs} shown={shown} />
          </>
        )}
      </section>
      {shown && <AgentJobView key={shown} api={api} jobId={shown} reveal={selected !== null} />}
    </>
  );
}
