import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Route, Router, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { createApiClient, loadConfig, type ApiAuth, type ApiClient, type PageConfig } from './api/client';
import { apiAuthOf } from './auth/apiAuth';
import type { AuthConfig } from './auth/config';
import { SignInError } from './auth/errors';
import { OidcSession, type SessionState } from './auth/session';
import { AccountStatus, SignInPanel } from './auth/SignIn';
import { JobDetail } from './components/JobDetail';
import { JobsPanel } from './components/JobsPanel';
import { LogoIcon } from './components/Icons';
import { UploadPanel } from './components/UploadPanel';
import { datasetsKey } from './datasets/queries';
import { datasetsHref, useSelectedJob } from './hooks/routes';
import { useJobs } from './hooks/useJobs';
import { createQueryClient } from './lib/queryClient';

// The dataset views carry the diagram (React Flow + dagre): loaded when first shown, not with the page.
const DatasetViews = lazy(() => import('./datasets/DatasetViews'));

interface Props {
  /** Reads config.json; replaced in tests. */
  config?: () => Promise<PageConfig>;
  client?: (baseUrl: string, auth?: ApiAuth) => ApiClient;
  /** The sign-in when config.json names an issuer; replaced in tests. */
  session?: (auth: AuthConfig) => OidcSession;
  queryClient?: QueryClient;
}

export function App({ queryClient, ...props }: Props) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <Router hook={useHashLocation}>
        <Page {...props} />
      </Router>
    </QueryClientProvider>
  );
}

function Page({
  config = () => loadConfig(),
  client = (base, auth) => createApiClient(base, { auth }),
  session: openSession = (auth) => new OidcSession(auth),
}: Omit<Props, 'queryClient'>) {
  const [api, setApi] = useState<ApiClient | null>(null);
  const [message, setMessage] = useState('');
  // Null: config.json names no issuer, so there is no sign-in (local mode).
  const [session, setSession] = useState<OidcSession | null>(null);
  const [signIn, setSignIn] = useState<SessionState | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    void config().then((c) => {
      if (!live) return;
      if (c.authProblem) {
        setSignIn({ kind: 'error', error: new SignInError('The sign-in settings are not usable', `${c.authProblem} Then reload the page.`) });
      } else if (!c.auth) {
        setApi(client(c.apiBaseUrl));
      } else {
        const opened = openSession(c.auth);
        setSession(opened);
        opened.subscribe((state) => live && setSignIn(state));
        setSignIn(opened.state);
        const signedInClient = client(c.apiBaseUrl, apiAuthOf(opened));
        void opened.start().then((state) => live && state.kind === 'signed-in' && setApi(signedInClient));
      }
    });
    return () => {
      live = false;
    };
    // Configuration is read once, at start-up.
  }, []);

  const signOut = useCallback(() => {
    queryClient.clear();
    void session?.signOut();
  }, [session, queryClient]);
  const gated = signIn !== null && signIn.kind !== 'signed-in';

  // The live region repeats a message if it is set again (the zero-width space makes it a change).
  const announce = useCallback((text: string) => setMessage((previous) => (previous === text ? `${text}\u200b` : text)), []);
  const [location] = useLocation();
  const onDatasets = location === '/datasets' || location.startsWith('/datasets/');

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The address hash holds the view; the skip link only moves focus.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
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
        <nav aria-label="Views" className="view-links">
          <a href="#/" aria-current={onDatasets ? undefined : 'page'}>
            Upload and jobs
          </a>
          <a href={datasetsHref} aria-current={onDatasets ? 'page' : undefined}>
            Datasets
          </a>
        </nav>
        <nav aria-label="Developer links" className="header-links">
          <a href={`${api?.baseUrl ?? ''}/openapi/v1.json`}>REST API description</a>
        </nav>
        {signIn?.kind === 'signed-in' && <AccountStatus user={signIn.user} onSignOut={signOut} />}
      </header>
      <main id="main" tabIndex={-1}>
        {gated && <SignInPanel state={signIn} onSignIn={() => (session ? void session.retry() : window.location.reload())} />}
        {/* Kept mounted under the dataset views, so uploads in progress and the job list carry on. */}
        {!gated && (
          <div hidden={onDatasets}>
            <JobsView api={api} announce={announce} active={!onDatasets} />
          </div>
        )}
        {!gated && onDatasets && (
          <Route path="/datasets" nest>
            <Suspense fallback={<p className="muted loading" role="status">Loading the dataset view…</p>}>
              <DatasetViews api={api} />
            </Suspense>
          </Route>
        )}
      </main>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {message}
      </div>
    </>
  );
}

/** Upload and jobs: the page's first view. */
function JobsView({ api, announce, active }: { api: ApiClient | null; announce(message: string): void; active: boolean }) {
  const [selected, select] = useSelectedJob();
  const [focusDetail, setFocusDetail] = useState(false);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const jobs = useJobs(api, announce);
  const queryClient = useQueryClient();
  // The names are asked for when the dataset field is first used, not on every page load.
  const [wantDatasets, setWantDatasets] = useState(false);
  const datasets = useQuery({ queryKey: datasetsKey, queryFn: ({ signal }) => api!.listDatasets(signal), enabled: api !== null && wantDatasets });
  const datasetNames = datasets.data?.datasets.map((d) => d.name) ?? [];

  const onStarted = useCallback(
    (jobId: string) => {
      jobs.refresh();
      void queryClient.invalidateQueries({ queryKey: datasetsKey });
      // Show the first new job straight away, so a newcomer sees it move through the stages.
      if (!selectedRef.current) {
        setFocusDetail(false);
        select(jobId);
      }
    },
    [jobs, select, queryClient],
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
    if (active) document.title = current ? `${current.fileName} (${current.status}) · Agentic ETL` : 'Agentic ETL';
  }, [active, current?.fileName, current?.status]);

  return (
        <div className="layout">
          <div className="column">
            <UploadPanel api={api} onStarted={onStarted} announce={announce} datasets={datasetNames} onDatasetFocus={() => setWantDatasets(true)} />
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
