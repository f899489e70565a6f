import type { AgentRun } from '../api/agents';
import type { Job } from '../api/types';
import { agentRun } from './agentRun';
import { datasetServer } from './datasetServer';
import { job } from './fakes';

/**
 * The dataset API fake (datasetServer) plus the agent endpoints: POST /agent-invoke starts a RUNNING job that
 * completes after `runningPolls` answers of GET /job-status, GET /jobs lists it, and artifact=log serves the run.
 */
export function agentServer({ run = agentRun, runningPolls = 1, failure }: { run?: AgentRun; runningPolls?: number; failure?: Partial<Job> } = {}) {
  const datasets = datasetServer();
  const jobs: Job[] = [];
  const polls = new Map<string, number>();
  const invocations: unknown[] = [];
  const downloads: string[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const advance = (current: Job): Job => {
    const n = (polls.get(current.jobId) ?? 0) + 1;
    polls.set(current.jobId, n);
    if (current.status !== 'RUNNING' || n <= runningPolls) return current;
    Object.assign(current, failure ? { status: 'FAILED', progress: 0.4, stage: 'validate', ...failure } : { status: 'COMPLETED', progress: 1, stage: 'deliver', tokens: 0, costUsd: 0 });
    return current;
  };

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/agent-invoke') {
      const body = JSON.parse(String(init.body)) as { prompt: string; dataset: string };
      invocations.push(body);
      const started = job({
        jobId: jobs.length === 0 ? run.jobId : `${run.jobId}-${jobs.length + 1}`,
        type: 'agent',
        fileName: body.prompt,
        status: 'RUNNING',
        stage: 'plan',
        progress: 0.2,
        dataset: body.dataset,
        prompt: body.prompt,
        agent: 'offline',
        runId: run.runId,
        costEstimateUsd: 0,
        inputFormat: undefined,
        outputFormat: null,
        stages: ['plan', 'generate', 'refine', 'validate', 'deliver'].map((name, i) => ({
          name,
          status: i === 0 ? 'RUNNING' : 'PENDING',
          startedAt: i === 0 ? '2026-12-07T18:00:00Z' : null,
          completedAt: null,
          durationSeconds: null,
          attempts: i === 0 ? 1 : 0,
        })),
      });
      jobs.unshift(started);
      return json(202, { jobId: started.jobId, status: 'RUNNING', runId: started.runId, agent: 'offline', costEstimateUsd: 0 });
    }
    if (method === 'GET' && path === '/jobs') return json(200, { jobs: jobs.map((j) => ({ ...j })), nextToken: null });
    if (method === 'GET' && (m = /^\/job-status\/(.+)$/.exec(path))) {
      const found = jobs.find((j) => j.jobId === decodeURIComponent(m![1]));
      return found ? json(200, { ...advance(found) }) : json(404, { detail: 'No such job.' });
    }
    if (method === 'GET' && (m = /^\/download\/(.+)$/.exec(path))) {
      const artifact = url.searchParams.get('artifact') ?? 'output';
      downloads.push(artifact);
      return json(200, { downloadUrl: `http://127.0.0.1/blobs/runs/${m[1]}/${artifact}?sig=x`, fileName: artifact === 'dbt' ? 'dbt_project.zip' : 'run.json', expiresIn: 900 });
    }
    if (method === 'GET' && (m = /^\/blobs\/runs\/(.+)\/log$/.exec(path))) return json(200, { ...run, jobId: decodeURIComponent(m[1]) });
    return datasets.fetch(input, init);
  };

  return { fetch, jobs, invocations, downloads, datasets };
}
