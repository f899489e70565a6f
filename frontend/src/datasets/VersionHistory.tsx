import type { VersionSummary } from '../api/datasets';
import { jobHref, versionHref } from '../hooks/routes';
import { formatTime } from '../lib/format';
import { VersionStatusBadge } from './Badges';
import type { DatasetAction } from './queries';

interface Props {
  name: string;
  versions: VersionSummary[];
  shown: number | null;
  busy: boolean;
  onAction(action: DatasetAction): void;
}

/** Every version of the dataset, newest first, with what can be done to it. */
export function VersionHistory({ name, versions, shown, busy, onAction }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table versions-table">
        <caption className="visually-hidden">Versions of {name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Changes</th>
            <th scope="col">Loaded</th>
            <th scope="col">Job</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.version === shown ? 'selected' : undefined} aria-current={v.version === shown ? 'true' : undefined}>
              <th scope="row">
                <a href={versionHref(name, v.version)}>Version {v.version}</a>
              </th>
              <td>
                <VersionStatusBadge status={v.status} />
              </td>
              <td className="note-cell">{v.changeSummary || <span className="muted">—</span>}</td>
              <td>{formatTime(v.createdAt)}</td>
              <td>
                <a href={jobHref(v.jobId)} className="mono small" title={v.jobId}>
                  {v.jobId.slice(-12)}
                </a>
              </td>
              <td>
                <VersionActions name={name} version={v} busy={busy} onAction={onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Approve or reject a version waiting for review; make a previous one current again. */
export function VersionActions({ version, busy, onAction, name }: { name: string; version: VersionSummary; busy: boolean; onAction(action: DatasetAction): void }) {
  if (version.status === 'pending-review') {
    return (
      <div className="actions">
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => onAction({ kind: 'approve', version: version.version })} aria-label={`Approve version ${version.version} of ${name}`}>
          Approve
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={() => onAction({ kind: 'reject', version: version.version })} aria-label={`Reject version ${version.version} of ${name}`}>
          Reject
        </button>
      </div>
    );
  }
  if (version.status === 'previous') {
    return (
      <div className="actions">
        <button type="button" className="button button-small" disabled={busy} onClick={() => onAction({ kind: 'rollback', version: version.version })} aria-label={`Roll back to version ${version.version} of ${name}`}>
          Roll back to this
        </button>
      </div>
    );
  }
  return null;
}
