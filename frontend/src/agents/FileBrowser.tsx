import { lazy, Suspense, useMemo, useState } from 'react';
import type { ModelRun, RunFile } from '../api/agents';
import { buildFileTree, firstFileToOpen } from './fileTree';
import { FileTreeView } from './FileTreeView';

// CodeMirror is its own chunk: loaded when a run is first shown, not with the dataset page.
const CodeViewer = lazy(() => import('./CodeViewer'));

const ORIGIN_TEXT: Record<string, string> = { generated: 'generated', kept: 'kept from the previous project', merged: 'merged with your edits', human: 'written by a person' };
const VALIDATION_TEXT: Record<string, string> = { passed: 'validated', failed: 'fails validation', 'not-run': 'not validated' };

/** The generated project: its files as a tree, the chosen one in a read-only code viewer. */
export function FileBrowser({ files, models }: { files: readonly RunFile[]; models: readonly ModelRun[] }) {
  const tree = useMemo(() => buildFileTree(files), [files]);
  const [selected, setSelected] = useState(() => firstFileToOpen(files));
  const file = files.find((f) => f.path === selected) ?? null;
  const failing = models.find((m) => m.path === selected && m.error);

  return (
    <div className="file-browser">
      <FileTreeView tree={tree} selected={selected} onSelect={setSelected} />
      <div className="file-pane">
        {file ? (
          <>
            <div className="file-header">
              <span className="mono file-path">{file.path}</span>
              {file.origin && <span className={`badge origin origin-${file.origin}`}>{ORIGIN_TEXT[file.origin] ?? file.origin}</span>}
              {file.validation && <span className={`badge validation-${file.validation}`}>{VALIDATION_TEXT[file.validation] ?? file.validation}</span>}
            </div>
            {failing && (
              <p className="file-error" role="note">
                {failing.errorLine ? `Line ${failing.errorLine}: ` : ''}
                {failing.error}
              </p>
            )}
            <Suspense fallback={<p className="muted loading">Loading the code viewer…</p>}>
              <CodeViewer path={file.path} content={file.content} line={failing?.errorLine} />
            </Suspense>
          </>
        ) : (
          <p className="muted">Choose a file on the left to read it.</p>
        )}
      </div>
    </div>
  );
}
