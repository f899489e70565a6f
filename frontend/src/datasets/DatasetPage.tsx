import { useEffect, useMemo, useRef } from 'react';
import { useLocation } from 'wouter';
import { AgentPanel } from '../agents/AgentPanel';
import type { ApiClient } from '../api/client';
import type { DatasetVersionDetail } from '../api/datasets';
import { Notice } from '../components/Notice';
import { datasetsHref, jobHref, versionHref } from '../hooks/routes';
import { asApiError } from '../hooks/useJobs';
import { formatTime, plural } from '../lib/format';
import { VersionStatusBadge } from './Badges';
import { ChangesTable } from './ChangesTable';
import { PolicySwitch } from './PolicySwitch';
import { actionLabel, useDatasetAction, useDataset, useDatasetVersion, type DatasetAction } from './queries';
import TablesDiagram from './TablesDiagram';
import { relationshipsOf } from './tableGraph';
import { CostTable, RecommendationNote, RelationshipList, TablesList } from './TablesSummary';
import { VersionActions, VersionHistory } from './VersionHistory';

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const DECISION_TEXT = { applied: 'applied', 'held-for-review': 'held for review', rejected: 'rejected' } as const;

/** A dataset: its policy, the tables of one version (the current one unless another is chosen), its changes, its history. */
export function DatasetPage({ api, name, version: chosen, agentJob = null }: { api: ApiClient | null; name: string; version: number | null; agentJob?: string | null }) {
  const [, navigate] = useLocation();
  const dataset = useDataset(api, name);
  const record = dataset.data;
  const shown = chosen ?? record?.currentVersion ?? record?.versions[0]?.version ?? null;
  const detail = useDatasetVersion(api, name, record ? shown : null);
  const action = useDatasetAction(api, name);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${name} · Datasets · Agentic ETL`;
    heading.current?.focus();
  }, [name]);

  const onAction = (a: DatasetAction) => action.mutate(a);
  const busy = action.isPending;
  const actionError = asApiError(action.error);
  const error = asApiError(dataset.error);

  const summary = record?.versions.find((v) => v.version === shown) ?? null;
  const pending = record?.versions.filter((v) => v.status === 'pending-review') ?? [];
  const versionError = asApiError(detail.error);

  return (
    <div className="dataset-view">
      <section className="card" aria-labelledby="dataset-heading">
        <div className="detail-header">
          <div className="detail-title">
            <h2 id="dataset-heading" ref={heading} tabIndex={-1}>
              Dataset <span className="mono">{name}</span>
            </h2>
          </div>
          <a href={datasetsHref} className="button button-small">
            All datasets
          </a>
        </div>
        {!record &&
          (error ? (
            <Notice tone="error" role="alert" title={error.status === 404 ? 'This dataset does not exist' : 'The dataset cannot be loaded'}>
              <p>{error.detail}</p>
            </Notice>
          ) : (
            <p className="muted loading" role="status">
              Loading the dataset…
            </p>
          ))}
        {record && (
          <>
            <dl className="facts">
              <div>
                <dt>Current version</dt>
                <dd>{record.currentVersion ?? 'none yet'}</dd>
              </div>
              <div>
                <dt>Versions</dt>
                <dd>{record.versions.length}</dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{formatTime(record.updatedAt ?? record.versions[0]?.createdAt)}</dd>
              </div>
            </dl>
            <PolicySwitch policy={record.policy} busy={busy} onChange={(mode) => onAction({ kind: 'policy', mode })} />
            {actionError && action.variables && (
              <Notice tone="error" role="alert" title={`Could not ${actionLabel(action.variables)}`}>
                <p>{actionError.detail}</p>
              </Notice>
            )}
            {pending
              .filter((v) => v.version !== shown)
              .map((v) => (
                <Notice key={v.version} tone="info" title={`Version ${v.version} waits for your review`} action={<a href={versionHref(name, v.version)}>Review version {v.version}</a>}>
                  <p>
                    {sentence(v.changeSummary ?? 'A new upload changes the tables')} Until it is approved, readers keep version {record.currentVersion ?? '—'}.
                  </p>
                </Notice>
              ))}
          </>
        )}
      </section>

      {record && shown !== null && (
        <section className="card" aria-labelledby="version-heading">
          <div className="detail-header">
            <div className="detail-title">
              <h2 id="version-heading">Version {shown}</h2>
              {summary && <VersionStatusBadge status={summary.status} />}
            </div>
            {summary && <VersionActions name={name} version={summary} busy={busy} onAction={onAction} />}
          </div>
          {summary && (
            <p className="muted small">
              Loaded {formatTime(summary.createdAt)} by job <a href={jobHref(summary.jobId)} className="mono">{summary.jobId}</a>
              {detail.data?.decision ? ` · ${DECISION_TEXT[detail.data.decision] ?? detail.data.decision}` : ''}
            </p>
          )}
          {versionError ? (
            <Notice tone="error" role="alert" title={`Version ${shown} cannot be loaded`}>
              <p>{versionError.detail}</p>
            </Notice>
          ) : detail.data ? (
            <VersionBody version={detail.data} />
          ) : (
            <p className="muted loading" role="status">
              Loading version {shown}…
            </p>
          )}
        </section>
      )}

      {record && <AgentPanel api={api} dataset={name} selected={agentJob} onSelect={(jobId) => navigate(`/${encodeURIComponent(name)}/agents/${encodeURIComponent(jobId)}`)} />}

      {record && (
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">Version history</h2>
          {record.versions.length === 0 ? <p className="muted">No versions yet.</p> : <VersionHistory name={name} versions={record.versions} shown={shown} busy={busy} onAction={onAction} />}
        </section>
      )}
    </div>
  );
}

function VersionBody({ version }: { version: DatasetVersionDetail }) {
  const relationships = useMemo(() => relationshipsOf(version.tables), [version.tables]);
  const changes = version.changes ?? [];
  return (
    <>
      <h3>
        Your JSON becomes these tables{' '}
        <span className="muted heading-note">
          {plural(version.tables.length, 'table')}
          {version.inputRecords != null ? ` from ${plural(version.inputRecords, 'record')}` : ''}
        </span>
      </h3>
      {version.recommendation && <RecommendationNote recommendation={version.recommendation} />}
      <figure className="diagram-figure">
        <TablesDiagram tables={version.tables} />
        <figcaption className="muted small">Each box is a table; each line joins a child table to its parent, labelled with the columns that join them. Drag to pan, scroll or use the buttons to zoom.</figcaption>
      </figure>
      <h3>Relationships</h3>
      <RelationshipList relationships={relationships} />
      <h3>Tables</h3>
      <TablesList tables={version.tables} />
      <h3>
        Changes{version.fromVersion != null ? ` against version ${version.fromVersion}` : ''}{' '}
        <span className="muted heading-note">{changes.length === 0 ? (version.fromVersion == null ? 'the first version' : 'none') : plural(changes.length, 'change')}</span>
      </h3>
      {changes.length > 0 && <ChangesTable changes={changes} caption={`Changes of version ${version.version}`} />}
      {version.cost && (
        <>
          <h3>Cost estimate</h3>
          <CostTable cost={version.cost} />
        </>
      )}
    </>
  );
}
