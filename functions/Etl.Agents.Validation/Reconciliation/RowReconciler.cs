using Etl.Agents.Validation.Execution;
using Etl.Agents.Validation.Rendering;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Reconciliation;

/// <summary>
/// Row counts along the DAG: a staging model must hold exactly its source table's rows; a model that reads one input
/// and only projects it or left-joins others onto it along keys keeps that input's rows (fewer: rows dropped; more: a
/// join fans out). Models that aggregate, filter, combine or inner-join are listed with the reason they are not compared.
/// </summary>
internal static class RowReconciler
{
    public static List<RowReconciliation> Reconcile(IReadOnlyList<BuiltModel> models, SourceTables sources, string targetSchema)
    {
        var rowsByRelation = new Dictionary<string, (string Name, long Rows)>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (model.Built && model.Rows is { } rows) rowsByRelation[new Relation(targetSchema, model.File.Name).ToString()] = (model.File.Name, rows);
        }
        foreach (var table in sources.Tables) rowsByRelation[new Relation(table.Source, table.Table).ToString()] = ($"source {table.Source}.{table.Table}", sources.Rows(table)!.Value);

        var reconciliations = new List<RowReconciliation>();
        foreach (var model in models)
        {
            if (!model.Built || model.Rows is not { } rows) continue;
            var render = model.Render;
            if (model.File.IsStaging)
            {
                var distinctSources = render.Sources.Distinct().ToList();
                if (distinctSources.Count == 1 && render.Refs.Count == 0)
                {
                    var source = distinctSources[0];
                    var fromRows = sources.Rows(source)!.Value;
                    reconciliations.Add(Compare(model, $"source {source.Source}.{source.Table}", fromRows, rows,
                        "a staging model must keep every row of its source table (filter or deduplicate later, in an intermediate model)"));
                }
                else
                {
                    reconciliations.Add(NotCompared(model, "", 0, rows, "not compared: a staging model should read exactly one source table and nothing else"));
                }
                continue;
            }
            var driving = SqlShape.Of(render.Sql).DrivingRelation(out var why, out var leftJoin);
            if (why is not null)
            {
                reconciliations.Add(NotCompared(model, string.Join(", ", model.Upstream), 0, rows, $"not compared: {why}"));
                continue;
            }
            if (driving is null || !rowsByRelation.TryGetValue(driving, out var input))
            {
                reconciliations.Add(NotCompared(model, string.Join(", ", model.Upstream), 0, rows, "not compared: the input its final select reads from could not be told from the SQL"));
                continue;
            }
            var rule = leftJoin
                ? $"a left join from {input.Name} along keys keeps every row of {input.Name}"
                : $"a projection of {input.Name} keeps every row of it";
            reconciliations.Add(Compare(model, input.Name, input.Rows, rows, rule));
        }
        return reconciliations;
    }

    private static RowReconciliation Compare(BuiltModel model, string from, long fromRows, long rows, string rule)
    {
        if (rows == fromRows) return new RowReconciliation(model.File.Name, model.File.Path, from, fromRows, rows, false, $"{rows} of {fromRows} rows kept: {rule}");
        var reason = rows < fromRows
            ? $"{model.File.Name} dropped {fromRows - rows} of the {fromRows} rows of {from}: {rule}"
            : $"{model.File.Name} has {rows - fromRows} more rows than {from} ({rows} vs {fromRows}): a join fans out (its key is not unique on the joined side); {rule}";
        return new RowReconciliation(model.File.Name, model.File.Path, from, fromRows, rows, true, reason);
    }

    private static RowReconciliation NotCompared(BuiltModel model, string from, long fromRows, long rows, string reason) =>
        new(model.File.Name, model.File.Path, from, fromRows, rows, false, reason);
}
