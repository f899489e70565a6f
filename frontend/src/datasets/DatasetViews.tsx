import { Route, Switch } from 'wouter';
import type { ApiClient } from '../api/client';
import { DatasetList } from './DatasetList';
import { DatasetPage } from './DatasetPage';

/** The dataset views under #/datasets: the list, one dataset, one version of it, one agent run on it. Loaded on first visit. */
export default function DatasetViews({ api }: { api: ApiClient | null }) {
  return (
    <Switch>
      <Route path="/:name/agents/:jobId">
        {(params) => <DatasetPage key={params.name} api={api} name={decodeURIComponent(params.name)} version={null} agentJob={decodeURIComponent(params.jobId)} />}
      </Route>
      <Route path="/:name/versions/:version">
        {(params) => <DatasetPage key={params.name} api={api} name={decodeURIComponent(params.name)} version={Number(params.version) || null} />}
      </Route>
      <Route path="/:name">{(params) => <DatasetPage key={params.name} api={api} name={decodeURIComponent(params.name)} version={null} />}</Route>
      <Route>
        <DatasetList api={api} />
      </Route>
    </Switch>
  );
}
