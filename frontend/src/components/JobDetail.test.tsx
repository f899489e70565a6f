import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../api/client';
import type { Job } from '../api/types';
import { fakeApi, job, profile } from '../test/fakes';
import { QueryWrapper } from '../test/queries';
import { JobDetail } from './JobDetail';

function renderDetail(api: ReturnType<typeof fakeApi>, jobId = 'j1', navigate = vi.fn()) {
  render(<JobDetail api={api as unknown as ApiClient} jobId={jobId} focusOnShow={false} onClose={() => {}} navigate={navigate} />, { wrapper: QueryWrapper });
  return navigate;
}

describe('job detail', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the stages with durations, the schema and the first rows of a completed job', async () => {
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1', fileName: 'alltypes_plain.parquet' })) }));
    expect(await screen.findByRole('heading', { name: 'alltypes_plain.parquet' })).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: '' });
    const stages = within(timeline).getAllByRole('listitem');
    expect(stages.map((s) => s.querySelector('.stage-name')?.textContent)).toEqual(['validate', 'convert', 'profile']);
    expect(stages[1]).toHaveTextContent('done');
    expect(stages[1]).toHaveTextContent('0.20 s');

    const schema = await screen.findByRole('table', { name: /Schema of the result/ });
    const id = within(schema).getByRole('rowheader', { name: 'id' }).closest('tr')!;
    expect(id).toHaveTextContent('INT32');
    expect(id).toHaveTextContent('0 (0%)');
    expect(id).toHaveTextContent('7');
    const tags = within(schema).getByRole('rowheader', { name: 'tags' }).closest('tr')!;
    expect(tags).toHaveTextContent('2 (25%)');

    const rows = screen.getByRole('table', { name: /First 2 rows/ });
    expect(within(rows).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByText('2 of 8 rows')).toBeInTheDocument();
  });

  it('renders nested values compactly and unfolds them', async () => {
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1' })) }));
    const toggle = await screen.findByRole('button', { name: 'Full value of address of row 1' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('{3} {"city":"Oslo","zip":"0150","geo":{"lat":59.9,"lon":10.7}}');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle.parentElement!.querySelector('pre')!.textContent).toContain('"lat": 59.9');
    expect(screen.getByRole('button', { name: 'Full value of tags of row 1' })).toHaveTextContent('[2] ["a","b"]');
  });

  it('downloads through the signed URL', async () => {
    const api = fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1', outputFormat: 'ndjson' })) });
    const navigate = renderDetail(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Download NDJSON' }));
    expect(api.download).toHaveBeenCalledWith('j1', 'output');
    expect(navigate).toHaveBeenCalledWith('http://127.0.0.1/blobs/output/j1/out.ndjson?sig=x');
  });

  it('explains a download that is refused', async () => {
    const api = fakeApi({
      getJob: vi.fn(async () => job({ jobId: 'j1' })),
      download: vi.fn(async () => {
        throw new ApiError('http', "Job j1 has no 'output' artifact.", 404);
      }),
    });
    const navigate = renderDetail(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Download NDJSON' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Job j1 has no 'output' artifact.");
    expect(navigate).not.toHaveBeenCalled();
  });

  it('puts the error of a failed job in plain view and marks the stages it never reached', async () => {
    const failed = job({
      jobId: 'j1',
      fileName: 'x.parquet',
      status: 'FAILED',
      stage: 'validate',
      errorType: 'InvalidParquet',
      errorMessage: 'The file is too short to be Parquet (200 bytes); the upload may be truncated.',
      stages: [
        { name: 'validate', status: 'FAILED', startedAt: '2025-11-22T10:00:00Z', completedAt: '2025-11-22T10:00:00.01Z', durationSeconds: 0.01, attempts: 1 },
        { name: 'convert', status: 'SKIPPED', startedAt: null, completedAt: null, durationSeconds: null, attempts: 0 },
        { name: 'profile', status: 'SKIPPED', startedAt: null, completedAt: null, durationSeconds: null, attempts: 0 },
      ],
    });
    const api = fakeApi({ getJob: vi.fn(async () => failed) });
    renderDetail(api);
    expect(await screen.findByText('The file is too short to be Parquet (200 bytes); the upload may be truncated.')).toBeVisible();
    expect(screen.getByText('Why it failed (in the validate stage)')).toBeInTheDocument();
    expect(screen.getByText('InvalidParquet')).toBeInTheDocument();
    expect(screen.getAllByText('skipped')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Download/ })).not.toBeInTheDocument();
    expect(api.profile).not.toHaveBeenCalled();
  });

  it('shows the schema inferred from a JSON upload (schema artifact) with its widened fields beside the profile', async () => {
    const api = fakeApi({
      getJob: vi.fn(async () => job({ jobId: 'j1', fileName: 'events.ndjson', inputFormat: 'ndjson', outputFormat: 'parquet' })),
      inferredSchema: vi.fn(async () => ({
        version: 1,
        records: 666,
        shape: 'objects',
        wrapsValues: false,
        fields: [
          { name: 'confidence', type: 'DOUBLE', nullable: true, widened: 4, note: '4 integers widened to DOUBLE' },
          { name: 'metadata', type: 'STRUCT', nullable: false, fields: [{ name: 'city', type: 'JSON', nullable: true, widened: 18, note: 'conflicting shapes' }] },
        ],
      })),
    });
    renderDetail(api);
    expect(await screen.findByRole('heading', { name: /Inferred from the JSON/ })).toBeInTheDocument();
    expect(api.inferredSchema).toHaveBeenCalledWith('j1', expect.anything());
    expect(screen.getByText(/Inferred from all 666 records\. 22 values did not fit/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Schema inferred from the JSON input' });
    expect(within(table).getByRole('rowheader', { name: 'confidence' }).closest('tr')).toHaveClass('widened');
    expect(within(table).getByRole('rowheader', { name: 'metadata.city' }).closest('tr')).toHaveTextContent('conflicting shapes');
    // The fields with a note come first; the whole tree is one click away.
    expect(within(table).queryByRole('rowheader', { name: 'metadata' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show all 3 fields' }));
    expect(within(table).getByRole('rowheader', { name: 'metadata' }).closest('tr')).not.toHaveClass('widened');
    expect(await screen.findByRole('table', { name: /Schema of the result/ })).toBeInTheDocument();
  });

  it('shows only the inferred schema when JSON was normalized to NDJSON (no profile to ask for)', async () => {
    const api = fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1', inputFormat: 'json', outputFormat: 'ndjson' })) });
    renderDetail(api);
    expect(await screen.findByRole('table', { name: 'Schema inferred from the JSON input' })).toBeInTheDocument();
    expect(screen.getByText(/download the NDJSON file to see every row/)).toBeInTheDocument();
    expect(api.profile).not.toHaveBeenCalled();
  });

  it('also reads an inferred schema carried inside the profile', async () => {
    const jsonProfile = { ...profile, inferredSchema: { records: 8, fields: [{ name: 'price', type: 'DOUBLE', nullable: true, widened: 3 }] } };
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1' })), profile: vi.fn(async () => jsonProfile) }));
    expect(await screen.findByRole('heading', { name: /Inferred from the JSON/ })).toBeInTheDocument();
  });

  it('has no inferred-schema section for a Parquet upload and does not ask for one', async () => {
    const api = fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1' })) });
    renderDetail(api);
    await screen.findByRole('table', { name: /Schema of the result/ });
    expect(screen.queryByRole('heading', { name: /Inferred from the JSON/ })).not.toBeInTheDocument();
    expect(api.inferredSchema).not.toHaveBeenCalled();
  });

  it('heads the rows with the records’ own fields when the schema lists nested leaf columns, and folds long schemas', async () => {
    const nested = {
      rowCount: 2,
      columns: Array.from({ length: 30 }, (_, i) => ({ name: `metadata.f${i}`, type: 'STRING', nullable: true, nullCount: 1, min: 'a', max: 'z', distinctEstimate: 2 })),
      sampleRows: [{ event: 'action', metadata: { f0: 'a' } }, { event: 'user', metadata: { f0: 'z' }, extra: 1 }],
    };
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1', rowCount: 2 })), profile: vi.fn(async () => nested) }));
    const rows = await screen.findByRole('table', { name: /First 2 rows/ });
    expect(within(rows).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['#', 'event', 'metadata', 'extra']);
    const schema = screen.getByRole('table', { name: /Schema of the result/ });
    expect(within(schema).getAllByRole('row')).toHaveLength(26);
    await userEvent.click(screen.getByRole('button', { name: 'Show all 30 columns' }));
    expect(within(schema).getAllByRole('row')).toHaveLength(31);
  });

  it('follows a running job every second and stops when it finishes', async () => {
    vi.useFakeTimers();
    let current: Job = job({ jobId: 'j1', status: 'RUNNING', stage: 'convert', progress: 0.5, processingTime: null });
    const getJob = vi.fn(async () => current);
    renderDetail(fakeApi({ getJob }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByRole('progressbar', { name: /Progress of/ })).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByText('Now in the convert stage. This page updates by itself.')).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(getJob).toHaveBeenCalledTimes(3);
    current = job({ jobId: 'j1' });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByText('COMPLETED')).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(10000));
    expect(getJob).toHaveBeenCalledTimes(4);
  });

  it('says when the job does not exist', async () => {
    renderDetail(
      fakeApi({
        getJob: vi.fn(async () => {
          throw new ApiError('http', "No job has the id 'nope'.", 404);
        }),
      }),
      'nope',
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This job does not exist');
    expect(alert).toHaveTextContent("No job has the id 'nope'.");
  });

  it('links a job that loaded a dataset to its version, and says when that version waits for review', async () => {
    const held = job({ jobId: 'j1', fileName: 'orders-v2.json', inputFormat: 'json', outputFormat: 'parquet', dataset: 'shop', datasetVersion: 2, review: 'pending' });
    renderDetail(fakeApi({ getJob: vi.fn(async () => held) }));
    const link = await screen.findByRole('link', { name: 'shop v2' });
    expect(link).toHaveAttribute('href', '#/datasets/shop/versions/2');
    expect(screen.getByText('Version 2 of shop waits for review')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Review and approve version 2' })).toHaveAttribute('href', '#/datasets/shop/versions/2');
  });

  it('shows no review notice for a plain job', async () => {
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1' })) }));
    await screen.findByRole('heading', { name: /file\d+\.parquet/ });
    expect(screen.queryByText(/waits for review/)).not.toBeInTheDocument();
    expect(screen.queryByText('Dataset')).not.toBeInTheDocument();
  });
  it('shows the diagnosis of a failed job: what caused it, the suggested action and how to resolve it', async () => {
    const failed = job({
      jobId: 'j1',
      fileName: 'orders.json',
      inputFormat: 'json',
      status: 'FAILED',
      stage: 'validate',
      errorType: 'InvalidJson',
      errorMessage: "Invalid JSON at line 3, column 14: expected ',' or '}'.",
      errorCategory: 'input',
      suggestedAction: 'fix-input',
      resolution: 'Fix the JSON at line 3, column 14 (open the file in an editor and go to that line) and upload the file again.',
    });
    renderDetail(fakeApi({ getJob: vi.fn(async () => failed) }));
    await screen.findByText("Invalid JSON at line 3, column 14: expected ',' or '}'.");
    const diagnosis = document.querySelector('.failure dl.diagnosis')!;
    expect(within(diagnosis as HTMLElement).getByText('input')).toHaveClass('badge', 'category-input');
    expect(diagnosis).toHaveTextContent('Caused byinput the input');
    expect(diagnosis).toHaveTextContent('Suggested actionFix the input fix-input');
    expect(diagnosis).toHaveTextContent('How to resolve itFix the JSON at line 3, column 14');
  });

  it('shows no diagnosis block for a failed job recorded before diagnoses existed', async () => {
    renderDetail(fakeApi({ getJob: vi.fn(async () => job({ jobId: 'j1', status: 'FAILED', errorType: 'InvalidParquet', errorMessage: 'Too short.' })) }));
    await screen.findByText('Too short.');
    expect(document.querySelector('dl.diagnosis')).toBeNull();
    expect(screen.getByText(/Fix or re-export it, then upload it again/)).toBeInTheDocument();
  });

  it('offers the dbt project, the run log and the run on its dataset for a completed agent job, and no profile', async () => {
    const agentJob = job({ jobId: 'a1', type: 'agent', fileName: 'staging models', dataset: 'shop', prompt: 'staging models', agent: 'offline', inputFormat: undefined, outputFormat: null });
    const api = fakeApi({ getJob: vi.fn(async () => agentJob) });
    const navigate = renderDetail(api, 'a1');
    await userEvent.click(await screen.findByRole('button', { name: 'Download the dbt project (zip)' }));
    expect(api.download).toHaveBeenCalledWith('a1', 'dbt');
    expect(navigate).toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'Open the run: plan, files, validation' })).toHaveAttribute('href', '#/datasets/shop/agents/a1');
    expect(screen.getByText('Asked').nextSibling).toHaveTextContent('staging models');
    expect(api.profile).not.toHaveBeenCalled();
    expect(api.inferredSchema).not.toHaveBeenCalled();
  });
});
