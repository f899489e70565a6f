import type { CostEstimate, Recommendation, TableSchema } from '../api/datasets';
import { formatBytes, formatCount } from '../lib/format';
import { describeNaturalKey, percent } from './keys';
import type { Relationship } from './tableGraph';

/** Normalized (related tables) or one denormalized table, with how sure the normalizer is and why. */
export function RecommendationNote({ recommendation }: { recommendation: Recommendation }) {
  return (
    <div className="recommendation" role="note" aria-label="Recommendation">
      <p>
        <strong>Recommended layout: {recommendation.layout === 'normalized' ? 'normalized (related tables)' : 'denormalized (one wide table)'}</strong>{' '}
        <span className="muted">· {percent(recommendation.confidence)} confident</span>
      </p>
      <p className="muted">{recommendation.reason}</p>
    </div>
  );
}

/** The tables as text: what the diagram shows, for screen readers and for copying. */
export function TablesList({ tables }: { tables: TableSchema[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table tables-table">
        <caption className="visually-hidden">Tables of this version</caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Columns
            </th>
            <th scope="col">Primary key</th>
            <th scope="col">Natural key</th>
            <th scope="col">Parent</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr key={t.name}>
              <th scope="row" className="mono">
                {t.name}
              </th>
              <td className="num">{formatCount(t.rowCount)}</td>
              <td className="num" title={t.columns.map((c) => `${c.name} ${c.type}`).join('\n')}>
                {t.columns.length}
              </td>
              <td className="mono">{t.primaryKey.join(', ') || '—'}</td>
              <td className="note-cell">{describeNaturalKey(t) ?? <span className="muted">none found</span>}</td>
              <td className="mono">{t.parent ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RelationshipList({ relationships }: { relationships: Relationship[] }) {
  if (relationships.length === 0) return <p className="muted">No relationships: each table stands alone.</p>;
  return (
    <ul className="relationships" aria-label="Relationships">
      {relationships.map((r) => (
        <li key={r.id}>
          <span className="mono">{r.label}</span>{' '}
          <span className="muted small">
            {r.kind === 'parent' ? 'each row belongs to one parent row' : r.kind === 'root' ? 'joins straight to the root table' : 'values match'}
            {r.drawn ? '' : ' · the referenced table is in another dataset'}
          </span>
        </li>
      ))}
    </ul>
  );
}

// Small files cost fractions of a cent: two significant digits, never an exponent.
const usd = (n: number) => (n >= 0.01 ? `$${n.toFixed(2)}` : `$${n.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 12 })}`);

/** What reading the data costs: the uploaded JSON against the Parquet tables, in bytes, an Athena full scan and storage. */
export function CostTable({ cost }: { cost: CostEstimate }) {
  const rows = [
    { name: 'Input (JSON)', c: cost.input, cls: '' },
    ...cost.tables.map((t) => ({ name: t.table, c: t.cost, cls: 'mono' })),
    { name: 'All tables (Parquet)', c: cost.total, cls: 'total' },
  ];
  const saved = cost.input.bytes > 0 ? 1 - cost.total.bytes / cost.input.bytes : null;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table cost-table">
          <caption className="visually-hidden">Cost estimate: the input against the tables</caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col" className="num">
                Bytes
              </th>
              <th scope="col" className="num">
                Athena full scan
              </th>
              <th scope="col" className="num">
                Storage per month
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ name, c, cls }) => (
              <tr key={name} className={cls === 'total' ? 'total' : undefined}>
                <th scope="row" className={cls === 'mono' ? 'mono' : undefined}>
                  {name}
                </th>
                <td className="num">{formatBytes(c.bytes)}</td>
                <td className="num">{usd(c.scanUsd)}</td>
                <td className="num">{usd(c.storageUsdPerMonth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="table-note muted">
        {saved !== null && saved > 0 ? `The tables are ${Math.round(saved * 100)}% smaller than the input. ` : ''}
        Prices: Athena ${cost.prices.athenaUsdPerTb}/TB scanned (at least {formatBytes(cost.prices.athenaMinimumBytes)} per query), S3 ${cost.prices.s3UsdPerGbMonth}/GB-month ({cost.prices.source}).
      </p>
    </>
  );
}
