import { useState } from 'react';
import type { Profile } from '../api/types';
import { formatCount, formatPercent, plural } from '../lib/format';
import type { InferredSummary } from '../lib/inferredSchema';
import { NestedValue } from './NestedValue';

/** The output's columns: type, nullability, null share and range, from the profile artifact. */
const FIRST_COLUMNS = 25;

export function SchemaTable({ profile }: { profile: Profile }) {
  const [all, setAll] = useState(false);
  const binary = profile.columns.some((c) => /^BINARY|FIXED_LEN_BYTE_ARRAY/.test(c.type));
  const shown = all ? profile.columns : profile.columns.slice(0, FIRST_COLUMNS);
  return (
    <>
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Schema of the result: one row per column</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Nullable</th>
            <th scope="col" className="num">Nulls</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col" className="num">Distinct (est.)</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.name}>
              <th scope="row" className="mono">
                {c.name}
              </th>
              <td className="mono">{c.type}</td>
              <td>{c.nullable ? 'yes' : 'no'}</td>
              <td className="num">{profile.rowCount > 0 ? `${formatCount(c.nullCount)} (${formatPercent(c.nullCount / profile.rowCount, c.nullCount > 0 && c.nullCount / profile.rowCount < 0.01 ? 2 : 0)})` : formatCount(c.nullCount)}</td>
              <td>
                <NestedValue value={c.min} label={`minimum of ${c.name}`} />
              </td>
              <td>
                <NestedValue value={c.max} label={`maximum of ${c.name}`} />
              </td>
              <td className="num">{c.distinctEstimate != null ? formatCount(c.distinctEstimate) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
      {profile.columns.length > FIRST_COLUMNS && (
        <button type="button" className="button button-small show-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST_COLUMNS} columns only` : `Show all ${profile.columns.length} columns`}
        </button>
      )}
      {binary && <p className="table-note muted">BINARY columns carry raw bytes; their values are shown base64-encoded, as the output writes them.</p>}
    </>
  );
}

/** The first rows of the result, nested values folded. */
export function SampleRows({ profile }: { profile: Profile }) {
  const rows = profile.sampleRows ?? [];
  if (rows.length === 0) return <p className="muted">The result has no rows.</p>;
  // Rows are records: nested columns (a.b) sit inside their top-level field, so the headers are the rows' own keys.
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  return (
    <div className="table-scroll rows-scroll">
      <table className="data-table rows-table">
        <caption className="visually-hidden">First {rows.length} rows of the result</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            {names.map((n) => (
              <th scope="col" key={n} className="mono">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <th scope="row" className="num muted">
                {i + 1}
              </th>
              {names.map((n) => (
                <td key={n}>
                  <NestedValue value={row[n]} label={`${n} of row ${i + 1}`} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What the converter inferred from a JSON upload. When some values had to be widened, those fields are shown first
 * (the ones worth a look); the whole tree is one click away.
 */
export function InferredSchemaTable({ schema }: { schema: InferredSummary }) {
  const widened = schema.columns.filter((c) => c.widened > 0 || c.note);
  const canToggle = widened.length > 0 ? widened.length < schema.columns.length : schema.columns.length > FIRST_COLUMNS;
  const [all, setAll] = useState(!canToggle);
  const shown = all ? schema.columns : widened.length > 0 ? widened : schema.columns.slice(0, FIRST_COLUMNS);
  return (
    <>
      <p className="muted">
        {schema.records != null ? `Inferred from all ${formatCount(schema.records)} records. ` : ''}
        {schema.widenedTotal > 0
          ? `${formatCount(schema.widenedTotal)} values did not fit their field's type and were stored in a wider one (highlighted).`
          : 'Every value fitted its field’s type; nothing was widened.'}
        {widened.length > 0 && !all ? ` Shown: the ${plural(widened.length, 'field')} with a note.` : ''}
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Schema inferred from the JSON input</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Nullable</th>
              <th scope="col" className="num">Widened</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.path} className={c.widened > 0 ? 'widened' : undefined}>
                <th scope="row" className="mono">
                  {c.path}
                </th>
                <td className="mono">{c.type}</td>
                <td>{c.nullable ? 'yes' : 'no'}</td>
                <td className="num">{c.widened > 0 ? <strong>{formatCount(c.widened)}</strong> : '0'}</td>
                <td className="note-cell">{c.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canToggle && (
        <button type="button" className="button button-small show-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? (widened.length > 0 ? `Show only the ${plural(widened.length, 'field')} with a note` : `Show the first ${FIRST_COLUMNS} fields only`) : `Show all ${schema.columns.length} fields`}
        </button>
      )}
    </>
  );
}
