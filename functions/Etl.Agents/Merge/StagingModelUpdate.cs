using System.Text;
using Etl.Core.Agents;

namespace Etl.Agents.Merge;

/// <summary>
/// Rewrites a staging model's <c>renamed</c> CTE from a <see cref="SchemaMapping"/>: each mapped column becomes
/// <c>&lt;expression&gt; as &lt;old name&gt;</c> over the new source columns, an unmapped one a typed null under its old
/// name (so the models that read it still run, and its tests show it), and new source columns are appended. Every
/// other character of the file — the person's comments, filters, layout — stays as it was.
/// </summary>
public static class StagingModelUpdate
{
    /// <summary>The updated SQL and a decision per column it changed; throws when the SQL has no explicit <c>renamed</c> CTE.</summary>
    public static (string Sql, IReadOnlyList<AgentDecision> Decisions) Apply(string sql, SchemaMapping mapping, bool addNewColumns = true)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(mapping);
        var model = StagingModel.Parse(sql, out var problem)
            ?? throw new ArgumentException($"the staging model cannot be updated: {problem}; remap it by hand", nameof(sql));
        var decisions = new List<AgentDecision>();
        var text = new StringBuilder();
        var at = 0;
        foreach (var column in model.Columns)
        {
            var item = Item(column, mapping, decisions);
            if (item is null) continue;
            text.Append(sql, at, column.Start - at).Append(item);
            at = column.End;
        }
        text.Append(sql, at, model.ListEnd - at);
        if (addNewColumns && model.Columns.Count > 0)
        {
            var indent = Indent(sql, model.Columns[^1].Start);
            foreach (var name in mapping.NewColumns)
            {
                if (model.Column(name) is not null) continue;
                text.Append(",\n").Append(indent).Append(SqlText.Identifier(name));
                decisions.Add(new AgentDecision($"add column {name} to the staging model", 0.9, $"{mapping.Table}.{name} is new in the source"));
            }
        }
        text.Append(sql, model.ListEnd, sql.Length - model.ListEnd);
        return (text.ToString(), decisions);
    }

    // The new text of one select item, or null to leave it as written.
    private static string? Item(StagingColumn column, SchemaMapping mapping, List<AgentDecision> decisions)
    {
        var name = SqlText.Identifier(column.Name);
        if (mapping.Column(column.Name) is { } mapped)
        {
            var expression = mapped.Expression ?? SqlText.Identifier(mapped.Source);
            if (expression == column.Expression) return null;
            return expression == name ? name : $"{expression} as {name}";
        }
        foreach (var unmapped in mapping.Unmapped)
        {
            if (unmapped.Name != column.Name) continue;
            decisions.Add(new AgentDecision($"select null as column {column.Name}", 0.5,
                $"{unmapped.Reasoning}; the model keeps the column (null) so what reads it still runs — map it or remove it"));
            return unmapped.SqlType is { } type ? $"cast(null as {type}) as {name}" : $"null as {name}";
        }
        return null;
    }

    private static string Indent(string sql, int position)
    {
        var lineStart = sql.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        var end = lineStart;
        while (end < sql.Length && sql[end] is ' ' or '\t') end++;
        return sql[lineStart..end];
    }
}
