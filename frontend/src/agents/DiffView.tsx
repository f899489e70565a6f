import { useMemo } from 'react';
import { plural } from '../lib/format';
import { parseUnifiedDiff, summarizeDiff } from './unifiedDiff';

const SIGN_TEXT = { add: 'added', del: 'deleted' } as const;

/** The update's unified diff with added lines green and deleted lines red (and said in words for screen readers). */
export function DiffView({ diff }: { diff: string }) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  const summary = summarizeDiff(lines);
  if (lines.length === 0) return <p className="muted">Nothing changed.</p>;
  return (
    <>
      <p className="muted small">
        {plural(summary.files, 'file')} changed: <span className="diff-count-add">+{summary.added}</span> <span className="diff-count-del">−{summary.deleted}</span>
      </p>
      <pre className="diff" aria-label="Changes against the previous project" tabIndex={0}>
        {/* One block as wide as the widest line, so a coloured line stays coloured when scrolled sideways. */}
        <span className="diff-body">
          {lines.map((line, i) => (
            <span key={i} className={`diff-line diff-${line.kind}`}>
              <span className="diff-number" aria-hidden="true">
                {line.oldLine ?? ''}
              </span>
              <span className="diff-number" aria-hidden="true">
                {line.newLine ?? ''}
              </span>
              {(line.kind === 'add' || line.kind === 'del') && <span className="visually-hidden">{SIGN_TEXT[line.kind]}: </span>}
              <span className="diff-text">{line.text || ' '}</span>
              {'\n'}
            </span>
          ))}
        </span>
      </pre>
    </>
  );
}
