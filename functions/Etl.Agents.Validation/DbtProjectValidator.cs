using Etl.Agents.Validation.DataTests;
using Etl.Agents.Validation.Execution;
using Etl.Agents.Validation.Project;
using Etl.Agents.Validation.Reconciliation;
using Etl.Agents.Validation.Rendering;
using Etl.Agents.Validation.Schemas;
using Etl.Core.Agents;

namespace Etl.Agents.Validation;

/// <summary>
/// Proves a dbt project on the data in an embedded, in-memory DuckDB: every YAML file against dbt's JSON schemas plus
/// our own checks (materializations, test names, models ⇄ YAML, refs, cycles, source() only in staging, described
/// columns exist), every model rendered and built in ref order (both branches of incremental models), every generic
/// test run as SQL, row counts reconciled. <see cref="ValidationReport.Passed"/> only when nothing failed, nothing was
/// left unvalidated and nothing was flagged.
/// </summary>
public sealed class DbtProjectValidator : IProjectValidator
{
    private readonly string _targetSchema;
    private readonly long _copyLimitBytes;

    /// <param name="targetSchema">The schema models are built in (and <c>ref()</c> renders to).</param>
    public DbtProjectValidator(string targetSchema = "main")
        : this(targetSchema, SourceTables.CopyLimitBytes)
    {
    }

    /// <param name="targetSchema">The schema models are built in.</param>
    /// <param name="copyLimitBytes">Up to this much Parquet the source tables are copied into DuckDB; above it they are views.</param>
    internal DbtProjectValidator(string targetSchema, long copyLimitBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetSchema);
        _targetSchema = targetSchema;
        _copyLimitBytes = copyLimitBytes;
    }

    /// <inheritdoc/>
    public Task<ValidationReport> ValidateAsync(ProjectFiles files, IReadOnlyList<SourceTableData> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(sources);
        return Task.Run(() => Validate(files, sources, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The SQL one model renders to, as the validator runs it (for run logs): dbt_project.yml's vars apply, relations
    /// print as <c>"schema"."name"</c>. Throws <see cref="ArgumentException"/> when <paramref name="modelPath"/> is not a file of the project.
    /// </summary>
    public RenderedModel Render(ProjectFiles files, string modelPath, bool isIncremental = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = files[modelPath] ?? throw new ArgumentException($"the project has no file {modelPath}", nameof(modelPath));
        var project = DbtProject.Read(files);
        return new DbtModelRenderer(_targetSchema, project.Vars).Render(Path.GetFileNameWithoutExtension(modelPath), text, isIncremental);
    }

    private ValidationReport Validate(ProjectFiles files, IReadOnlyList<SourceTableData> sources, CancellationToken cancellationToken)
    {
        var project = DbtProject.Read(files);
        var errors = project.Errors;
        CheckSchemas(project, errors);
        ProjectChecks.Check(project, sources, errors);

        using var session = new DuckDbSession();
        var tables = SourceTables.Create(session, sources, _copyLimitBytes);
        session.LockDown(sources.Select(s => s.ParquetPath));
        var renderer = new DbtModelRenderer(_targetSchema, project.Vars);
        var built = new ModelBuilder(session, tables, renderer, _targetSchema).Build(project, cancellationToken);
        var byName = new Dictionary<string, BuiltModel>(StringComparer.Ordinal);
        foreach (var model in built) byName[model.File.Name] = model;
        ProjectChecks.CheckColumns(project, byName, tables, session, _targetSchema, errors);

        var tests = new DataTestRunner(session, tables, byName, _targetSchema).Run(project.Tests, cancellationToken);
        var reconciliations = RowReconciler.Reconcile(built, tables, _targetSchema);

        var fileChecks = FileChecks(project, errors);
        var runs = new List<ModelRun>(built.Count);
        foreach (var model in built)
        {
            runs.Add(new ModelRun(model.File.Name, model.File.Path, model.Materialization, model.Ran, model.IncrementalRan, model.Rows,
                model.Error, model.ErrorLine, model.Render.NotValidated, model.Render.Sql, model.NotRunReason));
        }
        var passed = fileChecks.TrueForAll(f => f.Valid)
                     && runs.TrueForAll(m => m.Ran && m.Error is null && m.NotValidated.Count == 0 && m.IncrementalRan != false)
                     && tests.TrueForAll(t => t.Passed)
                     && reconciliations.TrueForAll(r => !r.Flagged);
        return new ValidationReport(passed, fileChecks, runs, tests, reconciliations);
    }

    private static void CheckSchemas(DbtProject project, ProjectFileErrors errors)
    {
        foreach (var (path, tree) in project.YamlFiles)
        {
            if (tree is null || DbtSchemas.SchemaFor(path, project.ModelPaths) is not { } schema) continue;
            errors.AddRange(path, DbtSchemas.Check(schema, tree));
        }
    }

    /// <summary>A check for every YAML file (valid or not), and for every other file with a problem.</summary>
    private static List<FileCheck> FileChecks(DbtProject project, ProjectFileErrors errors)
    {
        var checks = new List<FileCheck>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in project.YamlFiles.Keys)
        {
            checks.Add(new FileCheck(path, DbtSchemas.SchemaFor(path, project.ModelPaths), errors.For(path)));
            listed.Add(path);
        }
        foreach (var path in errors.Paths.Order(StringComparer.Ordinal))
        {
            if (listed.Add(path)) checks.Add(new FileCheck(path, null, errors.For(path)));
        }
        checks.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return checks;
    }
}
