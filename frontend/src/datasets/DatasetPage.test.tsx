import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { createApiClient } from '../api/client';
import { datasetServer } from '../test/datasetServer';
// Loaded up front, so the lazy route does not wait for the first import of React Flow.
import './DatasetViews';

function open(hash: string, server = datasetServer()) {
  window.location.hash = hash;
  render(<App config={async () => ({ apiBaseUrl: '' })} client={(base) => createApiClient(base, { fetch: server.fetch })} />);
  return server;
}

const historyRow = (version: number) => screen.getByRole('rowheader', { name: `Version ${version}` }).closest('tr')!;

describe('dataset view', () => {
  it('shows the current version as tables: a node per table with rows, columns, types and keys, and the edge between them', async () => {
    open('#/datasets/shop');
    expect(await screen.findByRole('heading', { name: /Your JSON becomes these tables/ })).toHaveTextContent('2 tables from 20 records');
    expect(screen.getByRole('heading', { level: 2, name: 'Dataset shop' })).toBeInTheDocument();

    const diagram = screen.getByTestId('tables-diagram');
    const shop = diagram.querySelector('[data-table="shop"]') as HTMLElement;
    const items = diagram.querySelector('[data-table="shop__items"]') as HTMLElement;
    expect(shop).toHaveTextContent('20 rows');
    expect(items).toHaveTextContent('47 rows');
    expect(within(shop).getByText('order_id').parentElement).toHaveTextContent('INT64 not null');
    expect(within(shop).getByText('order_id')).toHaveTextContent('NK');
    expect(within(shop).getByText(/Natural key order_id · 95%/)).toHaveAttribute('title', 'order_id (95% confident: unique and never null in 20 rows, named like a key)');

    const relationships = screen.getByRole('list', { name: 'Relationships' });
    expect(relationships).toHaveTextContent('shop__items._etl_parent_key → shop._etl_key');
    expect(relationships).toHaveTextContent('shop__items.sku → products.sku');
    expect(relationships).toHaveTextContent('the referenced table is in another dataset');

    const recommendation = screen.getByRole('note', { name: 'Recommendation' });
    expect(recommendation).toHaveTextContent('Recommended layout: normalized (related tables) · 90% confident');
    expect(recommendation).toHaveTextContent('one wide table would repeat every order');

    const tables = screen.getByRole('table', { name: 'Tables of this version' });
    expect(within(tables).getByRole('rowheader', { name: 'shop' }).closest('tr')).toHaveTextContent('order_id (95% confident');
  });

  it('shows the cost of the input against the tables', async () => {
    open('#/datasets/shop');
    const cost = await screen.findByRole('table', { name: /Cost estimate/ });
    expect(within(cost).getByRole('rowheader', { name: 'Input (JSON)' }).closest('tr')).toHaveTextContent('12 KB$0.000048$0.00000026');
    expect(within(cost).getByRole('rowheader', { name: 'All tables (Parquet)' }).closest('tr')).toHaveTextContent('5.4 KB$0.000095$0.00000013');
    expect(screen.getByText(/The tables are 54% smaller than the input/)).toHaveTextContent('Athena $5/TB');
  });

  it('lists every version with its status, job and change summary, and says which one waits for review', async () => {
    open('#/datasets/shop');
    await screen.findByRole('heading', { name: 'Version history' });
    const v2 = historyRow(2);
    expect(within(v2).getByText('pending review')).toHaveClass('badge', 'version-pending-review');
    expect(v2).toHaveTextContent('1 breaking, 1 info: qty INT64 → STRING');
    expect(within(v2).getByRole('link', { name: '000000000002' })).toHaveAttribute('href', '#/jobs/00000000-0000-7000-8000-000000000002');
    expect(within(historyRow(1)).getByText('current')).toHaveClass('version-current');
    const notice = screen.getByText('Version 2 waits for your review').closest('.notice')!;
    expect(within(notice as HTMLElement).getByRole('link', { name: 'Review version 2' })).toHaveAttribute('href', '#/datasets/shop/versions/2');
  });

  it('shows a version’s changes, the worst first, with severity badges and unfoldable sample rows', async () => {
    open('#/datasets/shop/versions/2');
    const changes = await screen.findByRole('table', { name: 'Changes of version 2' });
    expect(screen.getByRole('heading', { name: /Changes against version 1/ })).toHaveTextContent('2 changes');
    const rows = within(changes).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('breaking')).toHaveClass('severity-breaking');
    expect(rows[0]).toHaveTextContent('type changed');
    expect(rows[0]).toHaveTextContent('shop__items');
    expect(rows[0]).toHaveTextContent('qty');
    expect(rows[0]).toHaveTextContent('INT64 → STRING');
    expect(rows[0]).toHaveTextContent('readers of qty break');
    expect(within(rows[1]).getByText('info')).toHaveClass('severity-info');

    const toggle = within(rows[0]).getByRole('button', { name: 'Show 2 sample rows' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const samples = screen.getByRole('table', { name: 'Sample rows that show the change of shop__items.qty' });
    expect(within(samples).getAllByRole('row')).toHaveLength(3);
    expect(samples).toHaveTextContent('two');
    await userEvent.click(toggle);
    expect(screen.queryByRole('table', { name: /Sample rows/ })).not.toBeInTheDocument();
  });

  it('approves a version waiting for review and shows it current', async () => {
    const server = open('#/datasets/shop/versions/2');
    const approve = await screen.findAllByRole('button', { name: 'Approve version 2 of shop' });
    await userEvent.click(approve[0]);
    await waitFor(() => expect(within(historyRow(2)).getByText('current')).toBeInTheDocument());
    expect(server.calls('POST', '/datasets/shop/versions/2/approve')).toHaveLength(1);
    expect(within(historyRow(1)).getByText('previous')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back to version 1 of shop' })).toBeInTheDocument();
  });

  it('rejects a version waiting for review', async () => {
    const server = open('#/datasets/shop');
    await screen.findByRole('heading', { name: 'Version history' });
    await userEvent.click(within(historyRow(2)).getByRole('button', { name: 'Reject version 2 of shop' }));
    await waitFor(() => expect(within(historyRow(2)).getByText('rejected')).toHaveClass('version-rejected'));
    expect(server.calls('POST', '/datasets/shop/versions/2/reject')).toHaveLength(1);
    expect(screen.queryByText('Version 2 waits for your review')).not.toBeInTheDocument();
  });

  it('rolls back to a previous version', async () => {
    const server = datasetServer();
    server.record.versions[0].status = 'current';
    server.record.versions[1].status = 'previous';
    server.record.currentVersion = 2;
    open('#/datasets/shop', server);
    await screen.findByRole('heading', { name: 'Version history' });
    await userEvent.click(within(historyRow(1)).getByRole('button', { name: 'Roll back to version 1 of shop' }));
    await waitFor(() => expect(within(historyRow(1)).getByText('current')).toBeInTheDocument());
    expect(server.calls('POST', '/datasets/shop/rollback').map((r) => r.body)).toEqual([{ version: 1 }]);
  });

  it('shows the server’s words when an action is refused, and keeps the version as it was', async () => {
    const server = datasetServer();
    server.fail('POST', /approve$/, { status: 409, title: 'Conflict', detail: "Version 2 of 'shop' is not pending review: it was rejected at 11:02." });
    open('#/datasets/shop', server);
    await screen.findByRole('heading', { name: 'Version history' });
    await userEvent.click(within(historyRow(2)).getByRole('button', { name: 'Approve version 2 of shop' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not approve version 2');
    expect(alert).toHaveTextContent("Version 2 of 'shop' is not pending review: it was rejected at 11:02.");
    expect(within(historyRow(2)).getByText('pending review')).toBeInTheDocument();
  });

  it('switches the policy with the radio buttons and the Apply button, from the keyboard too', async () => {
    const server = open('#/datasets/shop');
    const group = await screen.findByRole('group', { name: 'When a new file changes the tables' });
    const apply = within(group).getByRole('button', { name: 'Apply policy' });
    expect(within(group).getByRole('radio', { name: /^evolve/ })).toBeChecked();
    expect(apply).toBeDisabled();
    await userEvent.click(within(group).getByRole('radio', { name: /^freeze/ }));
    await userEvent.click(apply);
    await waitFor(() => expect(within(group).getByRole('radio', { name: /^freeze/ })).toHaveAccessibleName(/the policy now/));
    expect(server.calls('PUT', '/datasets/shop/policy').map((r) => r.body)).toEqual([{ mode: 'freeze' }]);
    // Arrowing through the options changes nothing until the choice is applied.
    within(group).getByRole('radio', { name: /^freeze/ }).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(within(group).getByRole('radio', { name: /^review/ })).toHaveFocus();
    expect(server.calls('PUT', '/datasets/shop/policy')).toHaveLength(1);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(server.calls('PUT', '/datasets/shop/policy').map((r) => r.body)).toEqual([{ mode: 'freeze' }, { mode: 'review' }]));
  });

  it('explains a refused policy change', async () => {
    const server = datasetServer();
    server.fail('PUT', /policy$/, { status: 400, detail: "'mode' must be evolve, freeze or review." });
    open('#/datasets/shop', server);
    const group = await screen.findByRole('group', { name: 'When a new file changes the tables' });
    await userEvent.click(within(group).getByRole('radio', { name: /^review/ }));
    await userEvent.click(within(group).getByRole('button', { name: 'Apply policy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Could not set the policy to review'mode' must be evolve, freeze or review.");
    expect(within(group).getByRole('radio', { name: /^evolve/ })).toHaveAccessibleName(/the policy now/);
  });

  it('says when the dataset does not exist', async () => {
    open('#/datasets/nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This dataset does not exist');
    expect(alert).toHaveTextContent("No dataset is named 'nope'.");
  });
});

describe('dataset list', () => {
  it('lists the datasets with their current version, policy and tables, each linking to its view', async () => {
    open('#/datasets');
    const table = await screen.findByRole('table', { name: 'Datasets' });
    const row = within(table).getByRole('link', { name: 'shop' }).closest('tr')!;
    expect(row).toHaveTextContent('evolve');
    expect(row).toHaveTextContent('shop, shop__items');
    expect(within(row).getByRole('link', { name: 'shop' })).toHaveAttribute('href', '#/datasets/shop');
    expect(screen.getByRole('link', { name: 'Datasets' })).toHaveAttribute('aria-current', 'page');
  });

  it('moves between the views with the links in the header', async () => {
    open('#/');
    await userEvent.click(await screen.findByRole('link', { name: 'Datasets' }));
    expect(await screen.findByRole('table', { name: 'Datasets' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Upload and jobs' }));
    expect(await screen.findByRole('heading', { name: 'Upload files' })).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Datasets' })).not.toBeInTheDocument();
  });

  it('suggests the existing datasets on upload, asking for them when the field is first used', async () => {
    const server = open('#/');
    const field = await screen.findByLabelText(/^Dataset/);
    expect(server.calls('GET', '/datasets')).toHaveLength(0);
    await userEvent.click(field);
    const suggestions = document.getElementById(field.getAttribute('list')!)!;
    await waitFor(() => expect([...suggestions.querySelectorAll('option')].map((o) => o.value)).toEqual(['shop']));
  });
});
