import type { ModelRun, TestRun, ValidationReport } from '../api/agents';
import { compactJson, formatCount, plural } from '../lib/format';
import { Breakable } from './breakable';
import { PassBadge } from './PassBadge';
import { ScrollRegion } from './ScrollRegion';

/** What validation found on the data: every model (ran, rows, error at its line), every test, the YAML checks, row counts. */
export function ValidationView({ report }: { report: ValidationReport }) {
  const badFiles = report.files.filter((f) => f.errors.length > 0);
  const flagged = report.reconciliations.filter((r) => r.flagged);
  return (
    <>
      <h4>
        Models <span className="muted heading-note">{countFailed(report.models.map((m) => m.ran && !m.error), 'model')}</span>
      </h4>
      <ModelsTable models={report.models} />
      <h4>
        Tests <span className="muted heading-note">{countFailed(report.tests.map((t) => t.passed), 'test')}</span>
      </h4>
      {report.tests.length === 0 ? <p className="muted small">The project declares no tests.</p> : <TestsTable tests={report.tests} />}
      <h4>
        YAML files <span className="muted heading-note">{countFailed(report.files.map((f) => f.errors.length === 0), 'file')} against dbt's schemas</span>
      </h4>
      {badFiles.length > 0 && (
        <ul className="validation-errors" aria-label="YAML errors">
          {badFiles.flatMap((f) =>
            f.errors.map((e, i) => (
              <li key={`${f.path}:${i}`}>
                <span className="mono">
                  {f.path}
                  {e.line ? `:${e.line}` : ''}
                </span>{' '}
                {e.message}
              </li>
            )),
          )}
        </ul>
      )}
      {report.reconciliations.length > 0 && (
        <>
          <h4>
            Row counts <span className="muted heading-note">{flagged.length === 0 ? 'no rows lost' : `${plural(flagged.length, 'model')} lose rows`}</span>
          </h4>
          <ul className="reconciliations" aria-label="Row counts">
            {report.reconciliations.map((r) => (
              <li key={`${r.model}<${r.from}`} className={r.flagged ? 'reconciliation-flagged' : undefined}>
                <PassBadge passed={!r.flagged} passedText="kept" failedText="rows lost" /> <span className="mono">{r.from}</span> {formatCount(r.fromRows)} →{' '}
                <span className="mono">{r.model}</span> {formatCount(r.rows)} <span className="muted small">{r.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function countFailed(results: boolean[], noun: string): string {
  const failed = results.filter((r) => !r).length;
  return failed === 0 ? `all ${plural(results.length, noun)} pass` : `${failed} of ${plural(results.length, noun)} fail`;
}

/** Failures first, then the rest in their order. */
function failingFirst<T>(items: readonly T[], passed: (item: T) => boolean): T[] {
  return [...items.filter((i) => !passed(i)), ...items.filter(passed)];
}

function ModelsTable({ models }: { models: readonly ModelRun[] }) {
  return (
    <ScrollRegion label="Models run on the data (scrolls)">
      <table className="data-table validation-table">
        <caption className="visually-hidden">Models run on the data</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Result</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {failingFirst(models, (m) => m.ran && !m.error).map((m) => {
            const ok = m.ran && !m.error;
            return (
              <tr key={m.model} className={ok ? undefined : 'row-failed'}>
                <th scope="row" className="mono">
                  <Breakable text={m.model} />
                </th>
                <td>
                  <PassBadge passed={ok} passedText="ran" />
                  {m.incrementalRan != null && <span className="muted small"> incremental {m.incrementalRan ? 'ran' : 'failed'}</span>}
                </td>
                <td className="num">{formatCount(m.rows)}</td>
                <td className="validation-details">
                  <span className="muted small">{m.materialization}</span>
                  {m.error && (
                    <p className="validation-error">
                      <span className="mono">
                        {m.path}
                        {m.errorLine ? `:${m.errorLine}` : ''}
                      </span>{' '}
                      {m.error}
                    </p>
                  )}
                  {m.notValidated && m.notValidated.length > 0 && <p className="muted small">Not validated: {m.notValidated.join(', ')}</p>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function TestsTable({ tests }: { tests: readonly TestRun[] }) {
  return (
    <ScrollRegion label="Tests run on the data (scrolls)">
      <table className="data-table validation-table">
        <caption className="visually-hidden">Tests run on the data</caption>
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">On</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {failingFirst(tests, (t) => t.passed).map((t) => (
            <tr key={t.name} className={t.passed ? undefined : 'row-failed'}>
              <th scope="row">
                {t.test}
                <span className="muted small mono test-name">{t.name}</span>
              </th>
              <td className="mono">
                {t.model}
                {t.column ? `.${t.column}` : ''}
              </td>
              <td>
                <PassBadge passed={t.passed} />
              </td>
              <td className="validation-details">
                {t.error && <p className="validation-error">{t.error}</p>}
                {!t.passed && !t.error && <p className="validation-error">{plural(t.failingRows, 'row')} fail it</p>}
                {t.failingRow && (
                  <p className="small">
                    Failing row: <code>{compactJson(t.failingRow, 200)}</code>
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
