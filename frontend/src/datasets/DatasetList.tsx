import { useEffect, useRef } from 'react';
import type { ApiClient } from '../api/client';
import { Notice } from '../components/Notice';
import { datasetHref } from '../hooks/routes';
import { asApiError } from '../hooks/useJobs';
import { formatTime } from '../lib/format';
import { useDatasetList } from './queries';

/** Every dataset: its current version, policy and tables. */
export function DatasetList({ api }: { api: ApiClient | null }) {
  const list = useDatasetList(api);
  const error = asApiError(list.error);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Datasets · Agentic ETL';
    heading.current?.focus();
  }, []);
  const datasets = list.data?.datasets;
  return (
    <section className="card" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading" ref={heading} tabIndex={-1}>
        Datasets
      </h2>
      {error && (
        <Notice tone="error" role="alert" title="Datasets cannot be loaded" action={<button type="button" className="button button-small" onClick={() => void list.refetch()}>Try again</button>}>
          <p>{error.detail}</p>
        </Notice>
      )}
      {!error && !datasets && (
        <p className="muted loading" role="status">
          Loading datasets…
        </p>
      )}
      {datasets && datasets.length === 0 && (
        <Notice tone="info" title="No datasets yet">
          <p>
            Upload a JSON file with a dataset name (on <a href="#/">Upload and jobs</a>): its nested arrays become related tables, and every later upload into the same dataset is compared with it.
          </p>
        </Notice>
      )}
      {datasets && datasets.length > 0 && (
        <div className="table-scroll">
          <table className="data-table datasets-table">
            <caption className="visually-hidden">Datasets</caption>
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col" className="num">
                  Current version
                </th>
                <th scope="col">Policy</th>
                <th scope="col">Tables</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.name}>
                  <th scope="row">
                    <a href={datasetHref(d.name)} className="mono">
                      {d.name}
                    </a>
                  </th>
                  <td className="num">{d.currentVersion ?? '—'}</td>
                  <td>{d.policy}</td>
                  <td className="note-cell mono small">{d.tables.join(', ')}</td>
                  <td>{formatTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
