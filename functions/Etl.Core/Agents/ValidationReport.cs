using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Etl.Core.Agents;

/// <summary>
/// What validation found (<c>validation.json</c>'s <c>report</c>): per file, model, test and reconciliation, whether
/// it ran on the data and what it returned. <see cref="Passed"/> only when nothing failed.
/// </summary>
public sealed record ValidationReport(
    bool Passed,
    IReadOnlyList<FileCheck> Files,
    IReadOnlyList<ModelRun> Models,
    IReadOnlyList<TestRun> Tests,
    IReadOnlyList<RowReconciliation> Reconciliations)
{
    /// <summary>Every failure, in a form a repair step can act on (file, line, message).</summary>
    public IReadOnlyList<ValidationProblem> Problems()
    {
        var problems = new List<ValidationProblem>();
        foreach (var file in Files)
        {
            foreach (var error in file.Errors) problems.Add(new ValidationProblem(file.Path, null, error.Line, error.Message));
        }
        foreach (var model in Models)
        {
            if (model.Error is { } error) problems.Add(new ValidationProblem(model.Path, model.Model, model.ErrorLine, error));
        }
        foreach (var test in Tests)
        {
            if (!test.Passed) problems.Add(new ValidationProblem(test.DefinedIn, test.Model,
                null, test.Error ?? $"test {test.Name} failed: {test.FailingRows} row(s) fail it" + (test.FailingRow is { } row ? $", e.g. {row.ToJsonString()}" : "")));
        }
        foreach (var reconciliation in Reconciliations)
        {
            if (reconciliation.Flagged) problems.Add(new ValidationProblem(reconciliation.Path, reconciliation.Model, null, reconciliation.Reason));
        }
        return problems;
    }
}

/// <summary>One YAML (or dbt_project.yml) file: whether it validates against dbt's schema and our own checks.</summary>
/// <param name="Path">The project path.</param>
/// <param name="Schema">Which schema it was checked against (<c>dbt_yml_files</c>, <c>dbt_project</c>), or null when none applies.</param>
/// <param name="Errors">What is wrong; empty when valid.</param>
public sealed record FileCheck(string Path, string? Schema, IReadOnlyList<FileError> Errors)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>One problem in a file, with the line (1-based) where known.</summary>
public sealed record FileError(int? Line, string Message);

/// <summary>One model: rendered, run (full refresh and, for incremental models, the incremental branch), rows produced.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Path">Its .sql file.</param>
/// <param name="Materialization">view, table, incremental, ephemeral.</param>
/// <param name="Ran">True when the full-refresh build ran without error.</param>
/// <param name="IncrementalRan">For incremental models: whether the incremental branch ran; null otherwise.</param>
/// <param name="Rows">Rows the model holds after the build.</param>
/// <param name="Error">The error (DuckDB's message, or a rendering error), null when it ran.</param>
/// <param name="ErrorLine">The line of the model file the error points at (mapped back from the rendered SQL), when known.</param>
/// <param name="NotValidated">Jinja the renderer could not evaluate (macros other than ref/source/config/var/is_incremental/this), reported, never guessed.</param>
/// <param name="RenderedSql">The SQL that ran.</param>
/// <param name="NotRunReason">Why a model without an error of its own was not run ("not run: upstream model X failed"), null otherwise.</param>
public sealed record ModelRun(
    string Model,
    string Path,
    string Materialization,
    bool Ran,
    bool? IncrementalRan,
    long? Rows,
    string? Error,
    int? ErrorLine,
    IReadOnlyList<string> NotValidated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RenderedSql = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NotRunReason = null);

/// <summary>One generic test run as SQL on the data.</summary>
/// <param name="Name">dbt's test name (<c>unique_stg_shop__orders_order_id</c>).</param>
/// <param name="Test"><c>unique</c>, <c>not_null</c>, <c>relationships</c>, <c>accepted_values</c>.</param>
/// <param name="Model">The model (or <c>source:table</c>) it tests.</param>
/// <param name="Column">The column, for a column test.</param>
/// <param name="DefinedIn">The YAML file that declares it.</param>
/// <param name="Passed">True when no row fails it.</param>
/// <param name="FailingRows">Rows that fail it.</param>
/// <param name="FailingRow">One failing row, when any.</param>
/// <param name="Error">Why the test could not run (its SQL failed), null when it ran.</param>
public sealed record TestRun(
    string Name,
    string Test,
    string Model,
    string? Column,
    string DefinedIn,
    bool Passed,
    long FailingRows,
    JsonObject? FailingRow,
    string? Error);

/// <summary>Rows in → rows out along one edge of the DAG; a model that silently drops rows is flagged.</summary>
/// <param name="Model">The model.</param>
/// <param name="Path">Its .sql file.</param>
/// <param name="From">The input it is compared with (a source table or a model).</param>
/// <param name="FromRows">Rows of the input.</param>
/// <param name="Rows">Rows of the model.</param>
/// <param name="Flagged">True when rows went missing where the model should keep them all (staging, joins along keys).</param>
/// <param name="Reason">What was compared and why it is (or is not) expected.</param>
public sealed record RowReconciliation(string Model, string Path, string From, long FromRows, long Rows, bool Flagged, string Reason);

/// <summary>A failure as a repair step sees it.</summary>
public sealed record ValidationProblem(string Path, string? Model, int? Line, string Message);
