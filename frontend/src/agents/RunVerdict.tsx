import type { AgentRun } from '../api/agents';
import { CheckIcon } from '../components/Icons';
import { Notice } from '../components/Notice';
import { plural } from '../lib/format';

/** The run's outcome in one line: validated on the data, or delivered with what still fails. */
export function RunVerdict({ run }: { run: AgentRun }) {
  const validation = run.validation;
  const report = validation?.report;
  if (!validation || !report) {
    return <Notice tone="info" title="This run was not validated" />;
  }
  const models = report.models.length;
  const tests = report.tests.length;
  if (validation.passed) {
    return (
      <div className="verdict verdict-passed" role="status">
        <CheckIcon size={20} />
        <p>
          <strong>Validated on the data.</strong> {plural(models, 'model')} ran in DuckDB and {plural(tests, 'test')} passed
          {validation.rounds > 1 ? `, after ${plural(validation.rounds - 1, 'round')} of repair` : ''}.
        </p>
      </div>
    );
  }
  const failedModels = report.models.filter((m) => !m.ran || m.error).length;
  const failedTests = report.tests.filter((t) => !t.passed).length;
  const failedFiles = report.files.filter((f) => f.errors.length > 0).length;
  const parts = [failedModels && plural(failedModels, 'model'), failedTests && plural(failedTests, 'test'), failedFiles && plural(failedFiles, 'YAML file')].filter(Boolean);
  return (
    <Notice tone="error" title={`Delivered with failures after ${plural(validation.rounds, 'round')} of validation`}>
      <p>
        {parts.length > 0 ? `${parts.join(', ')} still fail on the data` : 'Some checks still fail'}; they are marked below and in the project, never hidden. Ask again with more detail, or fix them by hand.
      </p>
    </Notice>
  );
}
