import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../api/client';
import { fakeApi } from '../test/fakes';
import { UploadPanel } from './UploadPanel';

describe('upload panel', () => {
  it('has a labelled file input that takes several files', () => {
    render(<UploadPanel api={fakeApi() as unknown as ApiClient} onStarted={() => {}} announce={() => {}} />);
    const input = screen.getByLabelText('Choose files…');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('multiple');
  });

  it('uploads every chosen file, triggers it and reports it started', async () => {
    const api = fakeApi();
    const onStarted = vi.fn();
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={onStarted} announce={() => {}} />);
    await userEvent.upload(screen.getByLabelText('Choose files…'), [new File(['a'], 'a.parquet'), new File(['{}'], 'b.json')]);
    const list = await screen.findByRole('list');
    await vi.waitFor(() => expect(within(list).getAllByText('Uploaded, processing started.', { exact: false })).toHaveLength(2));
    expect(onStarted).toHaveBeenCalledWith('job-a.parquet', 'a.parquet');
    expect(onStarted).toHaveBeenCalledWith('job-b.json', 'b.json');
    expect(api.trigger).toHaveBeenCalledWith('job-a.parquet', 'ndjson');
    expect(api.trigger).toHaveBeenCalledWith('job-b.json', undefined);
    expect(within(list).getAllByRole('link', { name: 'Show job' })[1]).toHaveAttribute('href', '#/jobs/job-b.json');
  });

  it('sends the chosen JSON flavour for Parquet files', async () => {
    const api = fakeApi();
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={() => {}} />);
    await userEvent.click(screen.getByRole('radio', { name: /JSON \(one array\)/ }));
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['a'], 'a.parquet'));
    await vi.waitFor(() => expect(api.trigger).toHaveBeenCalledWith('job-a.parquet', 'json'));
  });

  it('shows a progress bar while the bytes are sent', async () => {
    let finish: () => void = () => {};
    const api = fakeApi({
      putFile: vi.fn((_u: string, f: Blob, onProgress?: (p: { loaded: number; total: number }) => void) => {
        onProgress?.({ loaded: f.size * 0.3, total: f.size });
        return new Promise<void>((resolve) => (finish = resolve));
      }),
    });
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={() => {}} />);
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['x'.repeat(1000)], 'big.parquet'));
    const bar = await screen.findByRole('progressbar', { name: 'Uploading big.parquet' });
    expect(bar).toHaveAttribute('aria-valuenow', '30');
    finish();
    expect(await screen.findByText(/Uploaded, processing started/)).toBeInTheDocument();
  });

  it('explains a refused file in the server’s words', async () => {
    const announce = vi.fn();
    const api = fakeApi({
      announceUpload: vi.fn(async () => {
        throw new ApiError('http', "'report.xlsx' is not a supported file type. Name the file with its extension: .parquet, .json, .ndjson or .jsonl.", 415);
      }),
    });
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={announce} />);
    // The picker filters by extension; a drop (or "All files") does not, so the server's answer is what counts.
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['x'], 'report.xlsx'), { applyAccept: false });
    expect(await screen.findByText(/is not a supported file type/)).toHaveTextContent("Refused: 'report.xlsx' is not a supported file type.");
    expect(announce).toHaveBeenLastCalledWith(expect.stringContaining('report.xlsx was not processed'));
  });

  it('offers the existing datasets and sends the chosen one with normalize', async () => {
    const api = fakeApi();
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={() => {}} datasets={['shop', 'users']} />);
    const field = screen.getByLabelText(/^Dataset/);
    const suggestions = document.getElementById(field.getAttribute('list')!)!;
    expect([...suggestions.querySelectorAll('option')].map((o) => o.value)).toEqual(['shop', 'users']);
    const split = screen.getByRole('checkbox', { name: /Split nested JSON into tables/ });
    expect(split).toBeDisabled();
    await userEvent.type(field, 'shop');
    expect(split).toBeEnabled();
    expect(split).toBeChecked();
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['[]'], 'orders.json'));
    await vi.waitFor(() => expect(api.trigger).toHaveBeenCalledWith('job-orders.json', undefined, { dataset: 'shop', normalize: true }));
    await userEvent.click(split);
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['[]'], 'flat.json'));
    await vi.waitFor(() => expect(api.trigger).toHaveBeenCalledWith('job-flat.json', undefined, { dataset: 'shop', normalize: false }));
  });

  it('refuses a dataset name the server would refuse, says why, and sends nothing', async () => {
    const api = fakeApi();
    const announce = vi.fn();
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={announce} />);
    const field = screen.getByLabelText(/^Dataset/);
    await userEvent.type(field, 'My Shop');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Use lower-case letters, digits and _ only (for example my_shop).');
    expect(field).toHaveAccessibleDescription(/Use lower-case letters/);
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['[]'], 'orders.json'));
    expect(api.announceUpload).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(field).toHaveFocus());
    expect(announce).toHaveBeenLastCalledWith(expect.stringContaining('the dataset name is not valid'));
    await userEvent.clear(field);
    await userEvent.type(field, 'x'.repeat(64));
    expect(screen.getByRole('alert')).toHaveTextContent('A dataset name has at most 63 characters; this one has 64.');
  });

  it('shows the server’s words when it refuses the dataset', async () => {
    const api = fakeApi({
      trigger: vi.fn(async () => {
        throw new ApiError('http', "The dataset name 'shop' is taken by a dataset of another kind.", 400);
      }),
    });
    render(<UploadPanel api={api as unknown as ApiClient} onStarted={() => {}} announce={() => {}} />);
    await userEvent.type(screen.getByLabelText(/^Dataset/), 'shop');
    await userEvent.upload(screen.getByLabelText('Choose files…'), new File(['[]'], 'orders.json'));
    expect(await screen.findByText(/is taken by a dataset/)).toHaveTextContent("Could not start processing: The dataset name 'shop' is taken by a dataset of another kind.");
  });
});
