import { useState } from 'react';
import { compactJson } from '../lib/format';

const SHORT = 60;

/**
 * One value of a row. Scalars are shown as they are; objects, arrays and long text on one compact line, with a button
 * that unfolds them into indented JSON.
 */
export function NestedValue({ value, label }: { value: unknown; label: string }) {
  const [open, setOpen] = useState(false);
  if (value === null || value === undefined) return <span className="null">null</span>;
  const nested = typeof value === 'object';
  const text = typeof value === 'string' ? value : nested ? compactJson(value, Number.MAX_SAFE_INTEGER) : String(value);
  if (!nested && text.length <= SHORT) {
    return <span className={typeof value === 'string' ? 'value-string' : 'value-scalar'}>{text}</span>;
  }
  const summary = nested ? `${Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value as object).length}}`} ${compactJson(value, SHORT)}` : compactJson(value, SHORT);
  return (
    <span className="nested">
      <button type="button" className="nested-toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`Full value of ${label}`}>
        <span aria-hidden="true" className="nested-caret">{open ? '▾' : '▸'}</span>
        <span className="nested-summary">{summary}</span>
      </button>
      {open && <pre className="nested-full">{nested ? JSON.stringify(value, null, 2) : text}</pre>}
    </span>
  );
}
