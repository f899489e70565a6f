import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { QueryWrapper } from '../test/queries';
import { agentRun, failingRun, updatedRun } from '../test/agentRun';
import { fakeApi } from '../test/fakes';
import type { ApiClient } from '../api/client';
import { RunDownloads } from './RunDownloads';
import { RunView } from './RunView';
import './CodeViewer';

const show = (run = agentRun) => render(<RunView api={fakeApi() as unknown as ApiClient} run={run} />, { wrapper: QueryWrapper });
const rowOf = (table: HTMLElement, name: string | RegExp) => within(table).getByRole('rowheader', { name }).closest('tr')!;

describe('an agent run', () => {
  it('shows every model and test green when validation passed, and the row counts kept', () => {
    show();
    const models = screen.getByRole('table', { name: 'Models run on the data' });
    expect(within(models).getAllByText('ran')).toHaveLength(4);
    expect(rowOf(models, 'stg_shop__orders_items')).toHaveTextContent('42');
    const tests = screen.getByRole('table', { name: 'Tests run on the data' });
    expect(within(tests).getAllByText('passed').map((b) => b.className)).toEqual(Array(3).fill('badge badge-completed'));
    expect(screen.getByRole('heading', { name: /Tests/ })).toHaveTextContent('all 3 tests pass');
    expect(screen.getByRole('list', { name: 'Row counts' })).toHaveTextContent('shop:orders 20 → stg_shop__orders 20');
    expect(screen.queryByRole('heading', { name: /Changes against the previous project/ })).not.toBeInTheDocument();
  });

  it('marks what still fails red, with the error at its line and the failing row, and says so at the top', async () => {
    show(failingRun());
    expect(screen.getByText(/Delivered with failures after 3 rounds/).closest('.notice')).toHaveTextContent('1 model, 1 test, 1 YAML file still fail on the data');
    const models = screen.getByRole('table', { name: 'Models run on the data' });
    const mart = rowOf(models, 'fct_orders_daily');
    expect(within(mart).getByText('failed')).toHaveClass('badge-failed');
    expect(mart).toHaveTextContent('models/marts/fct_orders_daily.sql:6 Binder Error: Referenced column "revenu" not found');
    const tests = screen.getByRole('table', { name: 'Tests run on the data' });
    const values = rowOf(tests, /accepted_values/);
    expect(within(values).getByText('failed')).toHaveClass('badge-failed');
    expect(values).toHaveTextContent('2 rows fail it');
    expect(values).toHaveTextContent('Failing row: {"status":"returned","n_records":2}');
    expect(screen.getByRole('list', { name: 'YAML errors' })).toHaveTextContent("models/staging/shop/_shop__models.yml:12 'arguments' is not valid");

    // The failing model opens with its error and the line marked.
    const tree = screen.getByRole('navigation', { name: 'Project files' });
    expect(within(tree).getByRole('button', { name: 'fct_orders_daily.sql, fails validation' })).toHaveClass('tree-file-failed');
    await userEvent.click(within(tree).getByRole('button', { name: /fct_orders_daily\.sql/ }));
    expect(screen.getByRole('note')).toHaveTextContent('Line 6: Binder Error');
    const code = await screen.findByLabelText('Contents of models/marts/fct_orders_daily.sql');
    const marked = code.querySelector('.cm-error-line');
    expect(marked).toHaveTextContent('sum(qty * price) as revenue');
  });

  it('shows the diff of an update with added lines green and deleted lines red, and the merge decisions', () => {
    show(updatedRun());
    expect(screen.getByRole('heading', { name: /Changes against the previous project/ })).toHaveTextContent('from run 0000000000000000000000000000000a');
    const diff = screen.getByLabelText('Changes against the previous project');
    const added = diff.querySelectorAll('.diff-add');
    const deleted = diff.querySelectorAll('.diff-del');
    expect(added).toHaveLength(3);
    expect(deleted).toHaveLength(1);
    expect(added[0]).toHaveTextContent("added: +{{ config(materialized='incremental'");
    expect(deleted[0].textContent).toBe("2deleted: -    select * from {{ source('shop', 'orders') }}\n");
    expect(diff.querySelectorAll('.diff-file')).toHaveLength(3);
    expect(screen.getByText('1 file changed:', { exact: false })).toHaveTextContent('+3 −1');
    expect(screen.getByRole('list', { name: 'Decisions of the merge' })).toHaveTextContent('keep the human description of stg_shop__orders');
  });

  it('says which agent ran, the tokens, the cost and the estimate made before the run', () => {
    show({ ...agentRun, agent: 'bedrock', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', tokens: { input: 12_345, output: 2_100 }, costUsd: 0.022845, costEstimateUsd: 0.03 });
    const facts = screen.getByText('Tokens in / out').closest('dl')!;
    expect(facts).toHaveTextContent('bedrock (global.anthropic.claude-haiku-4-5-20251001-v1:0)');
    expect(facts).toHaveTextContent('12,345 / 2,100');
    expect(facts).toHaveTextContent('$0.02 estimated $0.03');
  });
});

describe('run downloads', () => {
  it('fetches a signed link for the zip, the plan and the log and goes to it', async () => {
    const api = fakeApi();
    const navigate = vi.fn();
    render(<RunDownloads api={api as unknown as ApiClient} jobId="j1" navigate={navigate} />);
    await userEvent.click(screen.getByRole('button', { name: 'Download the dbt project (zip)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Download the plan (JSON)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Download the run log (JSON)' }));
    expect(api.download.mock.calls).toEqual([
      ['j1', 'dbt'],
      ['j1', 'plan'],
      ['j1', 'log'],
    ]);
    expect(navigate).toHaveBeenCalledTimes(3);
  });
});
