import type { Job } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';
import { agentRunHref } from '../hooks/routes';
import { formatTime } from '../lib/format';

/** This dataset's agent runs, newest first; each opens on the page by its own address. */
export function EarlierRuns({ dataset, jobs, shown }: { dataset: string; jobs: readonly Job[]; shown: string | null }) {
  return (
    <div className="table-scroll">
      <table className="data-table agent-runs-table">
        <caption className="visually-hidden">Agent runs on {dataset}</caption>
        <thead>
          <tr>
            <th scope="col">Asked</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.jobId} className={job.jobId === shown ? 'selected' : undefined}>
              <th scope="row">
                <a href={agentRunHref(dataset, job.jobId)} aria-current={job.jobId === shown ? 'true' : undefined}>
                  {job.prompt ?? job.jobId}
                </a>
              </th>
              <td>
                <StatusBadge status={job.status} />
              </td>
              <td>{formatTime(job.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
