import { Fragment, useState } from 'react';
import type { Change } from '../api/datasets';
import { NestedValue } from '../components/NestedValue';
import { plural } from '../lib/format';
import { SeverityBadge } from './Badges';

const SEVERITY_ORDER = { breaking: 0, warning: 1, info: 2 } as const;

/** "type_changed" → "type changed". */
export const kindText = (kind: string) => kind.replace(/_/g, ' ');

/** What a version changes against the one before it: one row per change, the worst first, samples unfoldable. */
export function ChangesTable({ changes, caption }: { changes: Change[]; caption: string }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const sorted = changes.map((change, index) => ({ change, index })).sort((a, b) => (SEVERITY_ORDER[a.change.severity] ?? 3) - (SEVERITY_ORDER[b.change.severity] ?? 3) || a.index - b.index);
  const toggle = (index: number) =>
    setOpen((all) => {
      const next = new Set(all);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  return (
    <div className="table-scroll">
      <table className="data-table changes-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Change</th>
            <th scope="col">Table</th>
            <th scope="col">Column</th>
            <th scope="col">From → to</th>
            <th scope="col">Why</th>
            <th scope="col">Samples</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map(({ change, index }) => {
            const samples = change.samples ?? [];
            const expanded = open.has(index);
            const panelId = `change-samples-${index}`;
            return (
              <Fragment key={index}>
                <tr className={`change change-${change.severity}`}>
                  <td>
                    <SeverityBadge severity={change.severity} />
                  </td>
                  <td>{kindText(change.kind)}</td>
                  <td className="mono">{change.table}</td>
                  <td className="mono">{change.column ?? '—'}</td>
                  <td className="mono">{change.from || change.to ? `${change.from ?? '—'} → ${change.to ?? '—'}` : '—'}</td>
                  <td className="note-cell">{change.reason}</td>
                  <td>
                    {samples.length > 0 ? (
                      <button type="button" className="button button-small" aria-expanded={expanded} aria-controls={panelId} onClick={() => toggle(index)}>
                        {expanded ? 'Hide' : 'Show'} {plural(samples.length, 'sample row')}
                      </button>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr className="change-samples" id={panelId}>
                    <td colSpan={7}>
                      <SampleRows rows={samples} label={`${change.table}${change.column ? `.${change.column}` : ''}`} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SampleRows({ rows, label }: { rows: Record<string, unknown>[]; label: string }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <div className="rows-scroll">
      <table className="data-table rows-table">
        <caption className="visually-hidden">Sample rows that show the change of {label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>
                  <NestedValue value={row[c]} label={`${c} of sample ${i + 1}`} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
