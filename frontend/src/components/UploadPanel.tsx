import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { ApiClient } from '../api/client';
import { datasetNameProblem } from '../api/datasets';
import type { TriggerOptions } from '../api/types';
import { formatBytes } from '../lib/format';
import { uploadFile, type UploadItem } from '../lib/upload';
import { jobHref } from '../hooks/routes';
import { CheckIcon, CrossIcon, FileIcon, SpinnerIcon, UploadIcon } from './Icons';
import { ProgressBar } from './ProgressBar';

const PARALLEL_UPLOADS = 2;

let counter = 0;

interface Props {
  api: ApiClient | null;
  /** A job was uploaded and triggered. */
  onStarted(jobId: string, fileName: string): void;
  announce(message: string): void;
  /** Names of the existing datasets, offered as suggestions. */
  datasets?: string[];
  /** The dataset field got focus: time to fetch the suggestions. */
  onDatasetFocus?(): void;
}

/** Drop zone and file picker; each file goes through upload → transfer (with progress) → trigger. */
export function UploadPanel({ api, onStarted, announce, datasets = [], onDatasetFocus }: Props) {
  const inputId = useId();
  const hintId = useId();
  const datasetId = useId();
  const datasetHintId = useId();
  const datasetErrorId = useId();
  const suggestionsId = useId();
  const [dataset, setDataset] = useState('');
  const [normalize, setNormalize] = useState(true);
  const datasetRef = useRef<HTMLInputElement>(null);
  const datasetProblem = datasetNameProblem(dataset.trim());
  const [items, setItems] = useState<UploadItem[]>([]);
  const [parquetTo, setParquetTo] = useState<'ndjson' | 'json'>('ndjson');
  const [dragging, setDragging] = useState(false);
  const queue = useRef<{ id: string; file: File; parquetTo: 'ndjson' | 'json'; target?: TriggerOptions }[]>([]);
  const active = useRef(0);
  const depth = useRef(0);
  const callbacks = useRef({ onStarted, announce });
  callbacks.current = { onStarted, announce };

  // A file dropped outside the zone would make the browser leave the page to open it.
  useEffect(() => {
    const stop = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types?.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const change = (id: string, patch: Partial<UploadItem>) => setItems((all) => all.map((item) => (item.id === id ? { ...item, ...patch } : item)));

  const pump = () => {
    if (!api) return;
    while (active.current < PARALLEL_UPLOADS && queue.current.length > 0) {
      const next = queue.current.shift()!;
      active.current++;
      void uploadFile(
        api,
        next.file,
        next.parquetTo,
        (patch) => {
          change(next.id, patch);
          if (patch.phase === 'failed') callbacks.current.announce(`${next.file.name} was not processed: ${patch.error}`);
        },
        undefined,
        next.target,
      ).then((jobId) => {
        active.current--;
        if (jobId) {
          callbacks.current.announce(`${next.file.name} uploaded; processing started.`);
          callbacks.current.onStarted(jobId, next.file.name);
        }
        pump();
      });
    }
  };

  const add = (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return;
    if (datasetProblem) {
      // Nothing is sent with a name the server would refuse; the field says why.
      callbacks.current.announce(`Not uploaded: the dataset name is not valid. ${datasetProblem}`);
      // After the file chooser has handed focus back to its input.
      setTimeout(() => datasetRef.current?.focus(), 0);
      return;
    }
    const name = dataset.trim();
    const target = name ? { dataset: name, normalize } : undefined;
    const list = Array.from(files);
    const fresh = list.map((file) => ({ id: `u${++counter}`, file, parquetTo, target }));
    setItems((all) => [...fresh.map(({ id, file }) => ({ id, fileName: file.name, size: file.size, phase: 'waiting' as const, progress: 0 })), ...all]);
    queue.current.push(...fresh);
    callbacks.current.announce(list.length === 1 ? `Uploading ${list[0].name}.` : `Uploading ${list.length} files.`);
    pump();
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const finished = items.filter((i) => i.phase === 'started' || i.phase === 'failed').length;

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload files</h2>
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragEnter={(e) => {
          e.preventDefault();
          depth.current++;
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <UploadIcon size={30} className="dropzone-icon" />
        <div className="dropzone-text">
          <p className="dropzone-title">{dragging ? 'Drop to upload' : 'Drag Parquet, JSON or NDJSON files here'}</p>
          <p id={hintId} className="muted">
            Each file becomes a job: it is checked, converted (Parquet → JSON, JSON → Parquet) and profiled.
          </p>
        </div>
        <input
          id={inputId}
          className="file-input"
          type="file"
          multiple
          accept=".parquet,.json,.ndjson,.jsonl"
          aria-describedby={hintId}
          disabled={!api}
          onChange={(e) => {
            add(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        <label htmlFor={inputId} className="button button-primary">
          Choose files…
        </label>
      </div>

      <fieldset className="format-choice">
        <legend>Parquet files become</legend>
        <div className="format-options">
          <label>
            <input type="radio" name="parquet-to" value="ndjson" checked={parquetTo === 'ndjson'} onChange={() => setParquetTo('ndjson')} /> NDJSON <span className="muted">(one JSON object per line)</span>
          </label>
          <label>
            <input type="radio" name="parquet-to" value="json" checked={parquetTo === 'json'} onChange={() => setParquetTo('json')} /> JSON <span className="muted">(one array)</span>
          </label>
        </div>
        <p className="muted format-note">JSON and NDJSON files become Parquet.</p>
      </fieldset>

      <div className="dataset-choice">
        <label htmlFor={datasetId} className="field-label">
          Dataset <span className="muted">(optional)</span>
        </label>
        <input
          id={datasetId}
          ref={datasetRef}
          className="text-input"
          type="text"
          list={suggestionsId}
          value={dataset}
          onChange={(e) => setDataset(e.currentTarget.value)}
          onFocus={onDatasetFocus}
          placeholder="e.g. shop"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          aria-invalid={datasetProblem ? true : undefined}
          aria-describedby={datasetProblem ? `${datasetErrorId} ${datasetHintId}` : datasetHintId}
        />
        <datalist id={suggestionsId}>
          {datasets.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        {datasetProblem && (
          <p id={datasetErrorId} className="field-error" role="alert">
            {datasetProblem}
          </p>
        )}
        <p id={datasetHintId} className="muted small">
          Load the file into a named dataset: lower-case letters, digits and _ (at most 63). A later upload into the same dataset is compared with it, and changes that break readers wait for review.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={normalize} disabled={!dataset.trim()} onChange={(e) => setNormalize(e.currentTarget.checked)} /> Split nested JSON into tables{' '}
          <span className="muted">(one table per array of objects, joined by keys)</span>
        </label>
      </div>

      {items.length > 0 && (
        <div className="uploads">
          <div className="uploads-header">
            <h3>This session</h3>
            {finished > 0 && (
              <button type="button" className="button button-small" onClick={() => setItems((all) => all.filter((i) => i.phase !== 'started' && i.phase !== 'failed'))}>
                Clear finished
              </button>
            )}
          </div>
          <ul className="upload-list">
            {items.map((item) => (
              <UploadRow key={item.id} item={item} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const step = item.failedAt === 'transfer' ? 'Upload interrupted' : item.failedAt === 'start' ? 'Could not start processing' : 'Refused';
  return (
    <li className={`upload upload-${item.phase}`}>
      <span className="upload-icon">
        {item.phase === 'started' ? <CheckIcon size={16} /> : item.phase === 'failed' ? <CrossIcon size={16} /> : item.phase === 'waiting' ? <FileIcon size={16} /> : <SpinnerIcon size={16} />}
      </span>
      <span className="upload-name" title={item.fileName}>
        {item.fileName}
      </span>
      <span className="upload-size muted">{formatBytes(item.size)}</span>
      <span className="upload-state">
        {item.phase === 'waiting' && 'Waiting…'}
        {item.phase === 'announcing' && 'Preparing…'}
        {item.phase === 'uploading' && <ProgressBar value={item.progress} label={`Uploading ${item.fileName}`} />}
        {item.phase === 'starting' && 'Starting…'}
        {item.phase === 'started' && item.jobId && (
          <>
            Uploaded, processing started. <a href={jobHref(item.jobId)}>Show job</a>
          </>
        )}
      </span>
      {item.phase === 'failed' && (
        <p className="upload-error">
          <strong>{step}:</strong> {item.error}
        </p>
      )}
    </li>
  );
}
