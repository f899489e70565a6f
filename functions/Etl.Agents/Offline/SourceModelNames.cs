using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>
/// The entity and staging model name of every table of a source, made unique (two tables whose names fold to the
/// same entity get <c>_2</c>, <c>_3</c> in source order), so every rule names a table's models the same way.
/// </summary>
internal sealed class SourceModelNames
{
    private readonly Dictionary<string, string> _entities = new(StringComparer.Ordinal);

    public SourceModelNames(AgentSource source)
    {
        Source = source;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in source.Tables)
        {
            var entity = DbtNames.Entity(source.Name, table.Schema.Name);
            var unique = entity;
            for (var n = 2; !taken.Add(unique); n++) unique = $"{entity}_{n}";
            _entities[table.Schema.Name] = unique;
        }
    }

    public AgentSource Source { get; }

    public string Entity(SourceTable table) => _entities[table.Schema.Name];

    public string Staging(SourceTable table) => DbtNames.StagingOfEntity(Source.Name, Entity(table));

    public string Joined(SourceTable table) => DbtNames.Joined(Entity(table));

    /// <summary>How deep the table is nested (0 for a root table).</summary>
    public int Depth(SourceTable table)
    {
        var depth = 0;
        for (var parent = table.Schema.Parent; parent is not null && depth < 64; depth++) parent = Source.Table(parent)?.Schema.Parent;
        return depth;
    }
}
