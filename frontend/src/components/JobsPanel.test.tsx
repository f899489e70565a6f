import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { ApiError, type ApiClient } from '../api/client';
import type { Job, JobPage } from '../api/types';
import { fakeApi, job, type FakeApi } from '../test/fakes';

function renderApp(api: FakeApi) {
  return render(<App config={async () => ({ apiBaseUrl: '' })} client={() => api as unknown as ApiClient} />);
}

describe('job list', () => {
  afterEach(() => vi.useRealTimers());

  it('says there are no jobs yet and what to do', async () => {
    renderApp(fakeApi());
    expect(await screen.findByText('No jobs yet')).toBeInTheDocument();
    expect(screen.getByText(/Upload a Parquet, JSON or NDJSON file above/)).toBeInTheDocument();
  });

  it('shows each job with file name, size, status, stage, progress and time', async () => {
    const running = job({ fileName: 'big.parquet', status: 'RUNNING', stage: 'convert', progress: 0.5, processingTime: null, bytesIn: 3 * 1024 * 1024 });
    const failed = job({ fileName: 'x.parquet', status: 'FAILED', stage: 'validate', progress: 0, processingTime: 0.05, bytesIn: 200, errorMessage: 'The file is not Parquet.' });
    renderApp(fakeApi({ listJobs: vi.fn(async () => ({ jobs: [running, failed], nextToken: null })) }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByRole('link', { name: 'big.parquet' })).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('3.0 MB');
    expect(rows[0]).toHaveTextContent('RUNNING');
    expect(rows[0]).toHaveTextContent('convert');
    expect(within(rows[0]).getByRole('progressbar', { name: 'Progress of big.parquet' })).toHaveAttribute('aria-valuenow', '50');
    expect(rows[1]).toHaveTextContent('FAILED');
    expect(rows[1]).toHaveTextContent('200 B');
    expect(rows[1]).toHaveTextContent('0.05 s');
  });

  it("names a failed job's diagnosis category beside its stage, with the resolution on hover", async () => {
    const failed = job({ fileName: 'bad.json', status: 'FAILED', stage: 'validate', errorCategory: 'input', suggestedAction: 'fix-input', resolution: 'Fix the JSON at line 2, column 9 and upload the file again.' });
    renderApp(fakeApi({ listJobs: vi.fn(async () => ({ jobs: [failed], nextToken: null })) }));
    const table = await screen.findByRole('table');
    const cell = within(within(table).getAllByRole('row')[1]).getByText(/validate/);
    expect(cell).toHaveTextContent('validate · input');
    expect(cell).toHaveAttribute('title', 'Fix the JSON at line 2, column 9 and upload the file again.');
  });

  it('explains an empty filter and offers to show all jobs', async () => {
    const listJobs = vi.fn(async (q?: { status?: string | null }) => (q?.status ? { jobs: [], nextToken: null } : { jobs: [job()], nextToken: null }));
    renderApp(fakeApi({ listJobs }));
    await screen.findByRole('table');
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'FAILED');
    expect(await screen.findByText('No FAILED jobs')).toBeInTheDocument();
    expect(listJobs).toHaveBeenLastCalledWith({ limit: 15, nextToken: null, status: 'FAILED' }, expect.anything());
    await userEvent.click(screen.getByRole('button', { name: 'Show all jobs' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('says so when the API cannot be reached, and recovers', async () => {
    let up = false;
    const listJobs = vi.fn(async () => {
      if (!up) throw new ApiError('network', 'Cannot reach the Agentic ETL API at http://127.0.0.1:5080.');
      return { jobs: [job({ fileName: 'back.parquet' })], nextToken: null };
    });
    renderApp(fakeApi({ listJobs }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Jobs cannot be loaded');
    expect(alert).toHaveTextContent('Cannot reach the Agentic ETL API');
    up = true;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'back.parquet' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('pages with the nextToken and comes back', async () => {
    const first = Array.from({ length: 2 }, () => job());
    const second = [job({ fileName: 'oldest.parquet' })];
    const listJobs = vi.fn(async (q?: { nextToken?: string | null }): Promise<JobPage> => (q?.nextToken === 'page2' ? { jobs: second, nextToken: null } : { jobs: first, nextToken: 'page2' }));
    renderApp(fakeApi({ listJobs }));
    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: '← Newer' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Older →' }));
    expect(await screen.findByRole('link', { name: 'oldest.parquet' })).toBeInTheDocument();
    expect(listJobs).toHaveBeenLastCalledWith({ limit: 15, nextToken: 'page2', status: null }, expect.anything());
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older →' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: '← Newer' }));
    expect(await screen.findByRole('link', { name: first[0].fileName })).toBeInTheDocument();
  });

  it('polls every second while a job runs, backs off once all are finished, and announces the change', async () => {
    vi.useFakeTimers();
    let current: Job = job({ fileName: 'live.parquet', status: 'RUNNING', stage: 'convert', progress: 0.4, processingTime: null });
    const listJobs = vi.fn(async () => ({ jobs: [current], nextToken: null }));
    renderApp(fakeApi({ listJobs }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    const calls = () => listJobs.mock.calls.length;
    const start = calls();
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(calls() - start).toBe(3);

    current = { ...current, status: 'COMPLETED', stage: 'profile', progress: 1, processingTime: 1.2 };
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByTestId('live-region')).toHaveTextContent('live.parquet: COMPLETED, 8 rows.');
    const finished = calls();
    await act(() => vi.advanceTimersByTimeAsync(1900));
    expect(calls()).toBe(finished); // next poll only after 2 s
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(calls()).toBe(finished + 1);
    await act(() => vi.advanceTimersByTimeAsync(3900));
    expect(calls()).toBe(finished + 1); // then 4 s
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(calls()).toBe(finished + 2);
  });

  it('pauses while the tab is hidden', async () => {
    vi.useFakeTimers();
    const listJobs = vi.fn(async () => ({ jobs: [job({ status: 'RUNNING', processingTime: null })], nextToken: null }));
    renderApp(fakeApi({ listJobs }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    document.dispatchEvent(new Event('visibilitychange'));
    const before = listJobs.mock.calls.length;
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(listJobs.mock.calls.length).toBe(before);
    hidden.mockReturnValue(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(listJobs.mock.calls.length).toBe(before + 1);
  });

  it('opens the details of a job chosen from the list', async () => {
    const chosen = job({ fileName: 'pick.parquet' });
    const api = fakeApi({ listJobs: vi.fn(async () => ({ jobs: [chosen], nextToken: null })), getJob: vi.fn(async () => chosen) });
    renderApp(api);
    await userEvent.click(await screen.findByRole('link', { name: 'pick.parquet' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'pick.parquet' })).toHaveFocus());
    expect(window.location.hash).toBe(`#/jobs/${chosen.jobId}`);
    expect(api.getJob).toHaveBeenCalledWith(chosen.jobId, expect.anything());
  });
});
