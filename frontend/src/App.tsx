import { useCallback, useEffect, useRef, useState } from 'react';
import { createApiClient, loadConfig, type ApiClient, type PageConfig } from './api/client';
import { JobDetail } from './components/JobDetail';
import { JobsPanel } from './components/JobsPanel';
import { LogoIcon } from './components/Icons';
import { UploadPanel } from './components/UploadPanel';
import { useSelectedJob } from './hooks/useHashRoute';
import { useJobs } from './hooks/useJobs';

interface Props {
  /** Reads config.json; replaced in tests. */
  config?: () => Promise<PageConfig>;
  client?: (baseUrl: string) => ApiClient;
}

export function App({ config = () => loadConfig(), client = (base) => createApiClient(base) }: Props) {
  const [api, setApi] = useState<ApiClient | null>(null);
  const [message, setMessage] = useState('');
  const [selected, select] = useSelectedJob();
  const [focusDetail, setFocusDetail] = useState(false);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useEffect(() => {
    let live = true;
    void config().then((c) => live && setApi(client(c.apiBaseUrl)));
    return () => {
      live = false;
    };
    // Configuration is read once, at start-up.
  }, []);

  // The live region repeats a message if it is set again (the zero-width space makes it a change).
  const announce = useCallback((text: string) => setMessage((previous) => (previous === text ? `${text}\u200b` : text)), []);
  const jobs = useJobs(api, announce);

  const onStarted = useCallback(
    (jobId: string) => {
      jobs.refresh();
      // Show the first new job straight away, so a newcomer sees it move through the stages.
      if (!selectedRef.current) {
        setFocusDetail(false);
        select(jobId);
      }
    },
    [jobs, select],
  );

  const onSelect = useCallback(
    (jobId: string) => {
      setFocusDetail(true);
      select(jobId);
    },
    [select],
  );

  const current = jobs.jobs?.find((j) => j.jobId === selected);
  useEffect(() => {
    document.title = current ? `${current.fileName} (${current.status}) · Agentic ETL` : 'Agentic ETL';
  }, [current?.fileName, current?.status]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to the page content
      </a>
      <header className="app-header">
        <div className="brand">
          <LogoIcon />
          <div>
            <h1>Agentic ETL</h1>
            <p className="tagline">Turn Parquet and JSON files into clean, profiled data you can download.</p>
          </div>
        </div>
        <nav aria-label="Developer links" className="header-links">
          <a href={`${api?.baseUrl ?? ''}/openapi/v1.json`}>REST API description</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="layout">
          <div className="column">
            <UploadPanel api={api} onStarted={onStarted} announce={announce} />
            <JobsPanel state={jobs} selectedId={selected} onSelect={onSelect} />
          </div>
          <div className="column">
            {selected ? (
              <JobDetail key={selected} api={api} jobId={selected} focusOnShow={focusDetail} onClose={() => select(null)} />
            ) : (
              <GettingStarted />
            )}
          </div>
        </div>
      </main>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {message}
      </div>
    </>
  );
}

function GettingStarted() {
  return (
    <section className="card getting-started" aria-labelledby="start-heading">
      <h2 id="start-heading">How it works</h2>
      <ol className="steps">
        <li>
          <strong>Upload</strong> one or more Parquet, JSON or NDJSON files on the left.
        </li>
        <li>
          <strong>Watch</strong> each job move through its stages: <em>validate</em> checks the file, <em>convert</em> writes the new format, <em>profile</em> describes the columns.
        </li>
        <li>
          <strong>Inspect and download</strong>: choose a file name in the job list to see its schema, first rows and any error, and to download the result.
        </li>
      </ol>
    </section>
  );
}
