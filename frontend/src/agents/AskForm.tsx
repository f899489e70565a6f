import { useId, useState, type FormEvent } from 'react';
import type { AgentInvokeRequest } from '../api/agents';
import { datasetNameProblem } from '../api/datasets';
import type { Job } from '../api/types';
import { formatTime } from '../lib/format';

const EXAMPLES = ['staging models and a daily mart', 'facts and dimensions with tests', 'make the largest table incremental'];


interface Props {
  dataset: string;
  /** This dataset's completed agent runs, newest first: what an update can start from. */
  previousRuns: readonly Job[];
  busy: boolean;
  /** Resolves once the job started (the prompt box is emptied then), rejects when it was refused (the prompt stays). */
  onAsk(request: AgentInvokeRequest): Promise<unknown>;
}

/** What to ask the agents: the prompt, optionally a target database and a previous run to update. */
export function AskForm({ dataset, previousRuns, busy, onAsk }: Props) {
  const promptId = useId();
  const projectId = useId();
  const databaseId = useId();
  const databaseErrorId = useId();
  const [prompt, setPrompt] = useState('');
  const [previousJobId, setPreviousJobId] = useState('');
  const [database, setDatabase] = useState('');
  // The server checks targetDatabase as it checks dataset names.
  const databaseProblem = datasetNameProblem(database.trim());
  const ready = prompt.trim() !== '' && !databaseProblem && !busy;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    onAsk({
      prompt: prompt.trim(),
      dataset,
      ...(previousJobId ? { previousJobId } : {}),
      ...(database.trim() ? { targetDatabase: database.trim() } : {}),
    }).then(
      () => setPrompt(''),
      () => {
        // The refusal is shown beside the form; the prompt is kept to be corrected.
      },
    );
  };

  return (
    <form className="ask-form" onSubmit={submit} aria-label={`Ask the agents about ${dataset}`}>
      <label htmlFor={promptId} className="field-label">
        What should the dbt project do?
      </label>
      <textarea id={promptId} className="text-input prompt-input" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="e.g. staging models for every table and a daily revenue mart" required />
      <div className="prompt-examples">
        <span className="muted small">Examples:</span>
        {EXAMPLES.map((example) => (
          <button key={example} type="button" className="button button-small" onClick={() => setPrompt(example)}>
            {example}
          </button>
        ))}
      </div>
      <div className="ask-options">
        <div className="field">
          <label htmlFor={projectId} className="field-label">
            Project
          </label>
          <select id={projectId} value={previousJobId} onChange={(e) => setPreviousJobId(e.target.value)}>
            <option value="">A new project</option>
            {previousRuns.map((job) => (
              <option key={job.jobId} value={job.jobId}>
                Update the run of {formatTime(job.createdAt)}: {job.prompt ?? job.jobId}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={databaseId} className="field-label">
            Target database <span className="muted">(optional)</span>
          </label>
          <input
            id={databaseId}
            className="text-input"
            type="text"
            value={database}
            onChange={(e) => setDatabase(e.target.value)}
            placeholder={`${dataset}_analytics`}
            aria-invalid={databaseProblem ? true : undefined}
            aria-describedby={databaseProblem ? databaseErrorId : undefined}
          />
          {databaseProblem && (
            <p id={databaseErrorId} className="field-error">
              {databaseProblem}
            </p>
          )}
        </div>
      </div>
      <button type="submit" className="button button-primary" disabled={!ready}>
        {busy ? 'Asking…' : 'Ask the agents'}
      </button>
    </form>
  );
}
