using System.Text.Json.Nodes;
using Etl.Agents.Validation.Execution;
using Etl.Agents.Validation.Project;
using Etl.Agents.Validation.Rendering;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.DataTests;

/// <summary>Runs every generic test of every properties YAML on the built models and the source tables.</summary>
internal sealed class DataTestRunner(DuckDbSession session, SourceTables sources, IReadOnlyDictionary<string, BuiltModel> models, string targetSchema)
{
    public List<TestRun> Run(IReadOnlyList<GenericTestDefinition> tests, CancellationToken cancellationToken)
    {
        var runs = new List<TestRun>(tests.Count);
        foreach (var test in tests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(Run(test));
        }
        return runs;
    }

    private TestRun Run(GenericTestDefinition test)
    {
        var name = GenericTestSql.Name(test);
        TestRun Failed(string error) => new(name, test.Test, test.Target, test.Column, test.DefinedIn, false, 0, null, error);

        if (Array.IndexOf(GenericTestSql.Supported, test.Test) < 0)
            return Failed($"not validated: {test.Test} is not one of the generic tests the validator runs (unique, not_null, relationships, accepted_values){At(test)}");
        var (relation, problem) = test.Model is { } model ? Model(model) : Source(new SourceReference(test.Source!, test.Table!));
        if (relation is null) return Failed(problem! + At(test));
        var (sql, compileProblem) = GenericTestSql.Compile(test, relation, Resolve);
        if (sql is null) return Failed((compileProblem ?? "the test cannot be compiled") + At(test));
        try
        {
            var failing = session.Scalar($"select count(*) from ({sql}) dbt_internal_test");
            JsonObject? row = failing > 0 ? session.FirstRow(sql) : null;
            return new TestRun(name, test.Test, test.Target, test.Column, test.DefinedIn, failing == 0, failing, row, null);
        }
        catch (DuckDbStatementException e)
        {
            return Failed($"the test's SQL failed: {e.Message}{At(test)}");
        }
    }

    private static string At(GenericTestDefinition test) => test.Line is { } line ? $" ({test.DefinedIn} line {line})" : "";

    private (string? Relation, string? Problem) Model(string name)
    {
        if (!models.TryGetValue(name, out var model)) return (null, $"not run: the YAML describes a model {name} that has no .sql file");
        if (!model.Built) return (null, $"not run: model {name} was not built");
        return (new Relation(targetSchema, name).ToString(), null);
    }

    private (string? Relation, string? Problem) Source(SourceReference table) =>
        sources.Has(table) ? (new Relation(table.Source, table.Table).ToString(), null) : (null, $"not run: the dataset has no table {table.Source}.{table.Table}");

    /// <summary>A relationships test's <c>to</c>: <c>ref('m')</c> or <c>source('s', 't')</c>, evaluated as the model renderer does.</summary>
    private (string? Relation, string? Problem) Resolve(string expression)
    {
        var scope = new RenderScope(targetSchema, "", false, new Dictionary<string, object?>());
        try
        {
            var value = ExpressionEvaluator.Evaluate(expression, scope);
            if (value is not Relation) return (null, $"relationships to: '{expression}' is not ref('model') or source('s', 't')");
        }
        catch (Exception e) when (e is NotValidatedException or TemplateException)
        {
            return (null, $"relationships to: '{expression}' is not ref('model') or source('s', 't')");
        }
        if (scope.Refs.Count == 1) return Model(scope.Refs[0]);
        return Source(scope.Sources[0]);
    }
}
