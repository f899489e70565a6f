using Etl.Agents.Dbt;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Offline;

/// <summary>
/// <c>int_&lt;entity&gt;_joined</c>: a child table's rows with the columns of its parent row that describe it (keys,
/// dates, categories, top-level fields), left-joined along <c>_etl_parent_key → _etl_key</c>, so every child row is kept.
/// </summary>
internal static class JoinModels
{
    /// <summary>Parent columns carried into a joined model at most (wide parents would otherwise copy hundreds).</summary>
    public const int MaxParentColumns = 25;

    public static ModelSpec? Plan(SourceModelNames names, SourceTable child, IReadOnlyDictionary<string, ModelSpec> staging)
    {
        if (child.Schema.Parent is not { } parentName || names.Source.Table(parentName) is not { } parent) return null;
        var foreignKey = child.Schema.ForeignKeys.FirstOrDefault(k => k.Columns.Count == 1 && k.Columns[0] == ColumnRoles.ParentKey
            && k.References.Table == parentName && k.References.Columns.Count == 1);
        if (foreignKey is null) return null;
        var childModel = staging[child.Schema.Name];
        var parentModel = staging[parent.Schema.Name];
        var spec = new ModelSpec
        {
            Name = names.Joined(child),
            Layer = ModelLayers.Intermediate,
            Kind = ModelKind.Joined,
            Table = child,
            Inputs = [childModel.Name, parentModel.Name],
            Description = $"{childModel.Name} with the describing columns of its parent row in {parentModel.Name} (prefixed parent_), one row per {names.Entity(child)} row.",
            Join = (parentModel.Name, ColumnRoles.ParentKey, foreignKey.References.Columns[0]),
        };
        foreach (var column in childModel.Columns)
        {
            spec.Columns.Add(new OutputColumn(column.Name, "child." + SqlIdentifiers.Quote(column.Name), column.Type, column.Description, "direct", column.Name));
        }
        var carried = new List<string>();
        foreach (var column in ParentColumns(parent))
        {
            var alias = "parent_" + column.Name;
            if (spec.Column(alias) is not null) continue;
            var upstream = parentModel.Column(column.Name)!;
            spec.Columns.Add(new OutputColumn(alias, "parent." + SqlIdentifiers.Quote(column.Name), upstream.Type,
                $"The parent row's {column.Name}: {upstream.Description}", "direct", column.Name));
            carried.Add(column.Name);
        }
        var key = spec.Column(ColumnRoles.Key)!;
        key.Tests.Add(new DataTest("unique", null, null, null, "the child's key; a left join to a unique parent key keeps one row per child row"));
        key.Tests.Add(new DataTest("not_null", null, null, null, "the child's key"));
        spec.Decision = new AgentDecision($"add intermediate model {spec.Name}", 0.9,
            $"{child.Schema.Name} hangs off {parent.Schema.Name} by the foreign key {foreignKey}; a left join keeps all " +
            $"{child.Schema.RowCount} child rows and carries {carried.Count} parent column(s): {string.Join(", ", carried.Take(10))}{(carried.Count > 10 ? ", …" : "")}");
        return spec;
    }

    /// <summary>The parent's columns worth carrying: natural key, identifiers, dates, categories, then top-level fields, in schema order.</summary>
    private static IEnumerable<ColumnSchema> ParentColumns(SourceTable parent)
    {
        var natural = parent.Schema.NaturalKey?.Columns ?? [];
        var picked = new List<ColumnSchema>();
        foreach (var column in parent.Schema.Columns)
        {
            if (ColumnRoles.IsReserved(column.Name) || column.Type.Kind is ColumnKind.Json or ColumnKind.List) continue;
            if (natural.Contains(column.Name) || ColumnRoles.IsTemporal(column.Type) || parent.CategoricalValues.ContainsKey(column.Name)
                || !column.Name.Contains("__", StringComparison.Ordinal) || ColumnRoles.IsIdLike(column.Name) && column.Name.Split("__").Length <= 2)
                picked.Add(column);
            if (picked.Count == MaxParentColumns) break;
        }
        return picked;
    }
}
