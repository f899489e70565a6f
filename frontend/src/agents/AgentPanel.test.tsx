import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { createApiClient } from '../api/client';
import { agentServer } from '../test/agentServer';
import '../datasets/DatasetViews';
import './CodeViewer';

function open(hash: string, server = agentServer()) {
  window.location.hash = hash;
  render(<App config={async () => ({ apiBaseUrl: '' })} client={(base) => createApiClient(base, { fetch: server.fetch })} />);
  return server;
}

async function ask(prompt: string) {
  const box = await screen.findByRole('textbox', { name: 'What should the dbt project do?' });
  await userEvent.type(box, prompt);
  await userEvent.click(screen.getByRole('button', { name: 'Ask the agents' }));
}

// Each test waits for a poll or two (one second apart) on a machine shared with builds.
describe('Ask the agents', { timeout: 20_000 }, () => {
  it('asks for a project on the dataset, follows the job while it runs, then shows the plan, the files and green validation', async () => {
    const server = open('#/datasets/shop');
    await ask('staging models and a daily mart');
    await waitFor(() => expect(server.invocations).toEqual([{ prompt: 'staging models and a daily mart', dataset: 'shop' }]));
    await waitFor(() => expect(window.location.hash).toBe(`#/datasets/shop/agents/${server.jobs[0].jobId}`));
    expect(await screen.findByText(/Now in the plan stage/)).toBeInTheDocument();
    expect(screen.getByText(/proposes models, each with its reason and confidence/).closest('li')).toHaveTextContent('running');

    const plan = await screen.findByRole('table', { name: 'Planned models of shop' });
    const mart = within(plan).getByRole('rowheader', { name: /fct_orders_daily/ }).closest('tr')!;
    expect(mart).toHaveTextContent('marts');
    expect(mart).toHaveTextContent('table');
    expect(within(mart).getByText('60%')).toHaveClass('badge', 'confidence-medium');
    expect(mart).toHaveTextContent('the prompt asks for a daily mart');
    expect(within(plan).getAllByRole('row')[1]).toHaveTextContent('stg_shop__orders');

    expect(screen.getByText('Validated on the data.').parentElement).toHaveTextContent('4 models ran in DuckDB and 3 tests passed');
    expect(screen.getByRole('list', { name: 'Decisions about the project' })).toHaveTextContent('no incremental models');
    expect(screen.getByRole('list', { name: 'Decisions of the plan stage' })).toHaveTextContent('"daily" and "mart" name a daily aggregate');

    const runs = screen.getByRole('table', { name: 'Agent runs on shop' });
    expect(within(runs).getByRole('link', { name: 'staging models and a daily mart' })).toHaveAttribute('aria-current', 'true');
  });

  it('shows the files as a tree and the chosen one highlighted in a read-only code viewer', async () => {
    open('#/datasets/shop');
    await ask('staging models and a daily mart');
    const tree = await screen.findByRole('navigation', { name: 'Project files' });
    expect(within(tree).getByRole('button', { name: 'stg_shop__orders.sql' })).toHaveAttribute('aria-current', 'true');
    const code = await screen.findByLabelText('Contents of models/staging/shop/stg_shop__orders.sql');
    expect(code).toHaveAttribute('contenteditable', 'false');
    expect(code).toHaveTextContent("select * from {{ source('shop', 'orders') }}");
    expect([...code.querySelectorAll('.tok-keyword')].map((e) => e.textContent?.toLowerCase())).toContain('select');

    await userEvent.click(within(tree).getByRole('button', { name: 'dbt_project.yml' }));
    const yaml = await screen.findByLabelText('Contents of dbt_project.yml');
    expect(yaml).toHaveTextContent('config-version: 2');
    expect(yaml.querySelectorAll('[class*="tok-"]').length).toBeGreaterThan(3);
    expect(screen.getByText('dbt_project.yml', { selector: '.file-path' }).parentElement).toHaveTextContent('validated');
  });

  it('offers earlier completed runs as the project to update and sends previousJobId', async () => {
    const server = open('#/datasets/shop');
    await ask('staging models and a daily mart');
    await screen.findByRole('table', { name: 'Planned models of shop' });
    const first = server.jobs[0].jobId;
    const project = screen.getByRole('combobox', { name: 'Project' });
    await waitFor(() => expect(within(project).getAllByRole('option')).toHaveLength(2));
    expect(within(project).getAllByRole('option')[1]).toHaveTextContent(/^Update the run of .*: staging models and a daily mart$/);
    await userEvent.selectOptions(project, first);
    await userEvent.type(screen.getByRole('textbox', { name: /Target database/ }), 'analytics');
    await userEvent.type(screen.getByRole('textbox', { name: 'What should the dbt project do?' }), 'make orders incremental');
    await userEvent.click(screen.getByRole('button', { name: 'Ask the agents' }));
    await waitFor(() => expect(server.invocations[1]).toEqual({ prompt: 'make orders incremental', dataset: 'shop', previousJobId: first, targetDatabase: 'analytics' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/datasets/shop/agents/${first}-2`));
  });

  it('refuses a target database that is not a lower-case name before anything is sent', async () => {
    const server = open('#/datasets/shop');
    await userEvent.type(await screen.findByRole('textbox', { name: /Target database/ }), 'My DB');
    await userEvent.type(screen.getByRole('textbox', { name: 'What should the dbt project do?' }), 'marts');
    expect(screen.getByRole('textbox', { name: /Target database/ })).toHaveAccessibleDescription('Use lower-case letters, digits and _ only (for example my_db).');
    expect(screen.getByRole('button', { name: 'Ask the agents' })).toBeDisabled();
    expect(server.invocations).toEqual([]);
  });

  it('shows why a failed agent job failed, with its diagnosis', async () => {
    open(
      '#/datasets/shop',
      agentServer({
        failure: {
          errorType: 'Transient',
          errorMessage: 'DuckDB could not open the table file.',
          errorCategory: 'transient',
          suggestedAction: 'retry',
          resolution: 'A temporary problem stopped the job; the input is kept: trigger the job again.',
        },
      }),
    );
    await ask('staging models');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Why it failed (in the validate stage)');
    expect(alert).toHaveTextContent('DuckDB could not open the table file.');
    const diagnosis = alert.querySelector('dl.diagnosis')!;
    expect(diagnosis).toHaveTextContent('Caused bytransient a temporary problem');
    expect(diagnosis).toHaveTextContent('Suggested actionRetry retry');
    expect(diagnosis).toHaveTextContent('How to resolve itA temporary problem stopped the job');
  });
});
