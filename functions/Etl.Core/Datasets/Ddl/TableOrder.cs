namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// The order the DDL creates tables in: every table after its parent and after the tables its foreign keys reference,
/// otherwise in the document's order. A cycle of keys cannot be created that way; the keys that point forward are
/// returned apart (<see cref="Deferred"/>) to be added after every table exists.
/// </summary>
internal sealed class TableOrder
{
    private TableOrder(List<TableSchema> tables, List<(TableSchema Table, ForeignKey Key)> deferred)
    {
        Tables = tables;
        Deferred = deferred;
    }

    /// <summary>The tables, parents and referenced tables first.</summary>
    public IReadOnlyList<TableSchema> Tables { get; }

    /// <summary>Keys within the document that reference a table created after theirs (only in a cycle).</summary>
    public IReadOnlyList<(TableSchema Table, ForeignKey Key)> Deferred { get; }

    /// <summary>Orders the tables of <paramref name="document"/>.</summary>
    public static TableOrder Of(TablesDocument document)
    {
        var pending = new List<TableSchema>(document.Tables);
        var created = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<TableSchema>(pending.Count);
        var deferred = new List<(TableSchema, ForeignKey)>();
        while (pending.Count > 0)
        {
            var next = pending.FindIndex(t => Ready(t, document, created));
            // A cycle: take the first table left, and add its forward keys after all tables exist.
            if (next < 0) next = 0;
            var table = pending[next];
            pending.RemoveAt(next);
            foreach (var key in table.ForeignKeys)
            {
                var target = key.References.Table;
                if (target != table.Name && document.Table(target) is not null && !created.Contains(target)) deferred.Add((table, key));
            }
            created.Add(table.Name);
            ordered.Add(table);
        }
        return new TableOrder(ordered, deferred);
    }

    private static bool Ready(TableSchema table, TablesDocument document, HashSet<string> created)
    {
        if (table.Parent is { } parent && parent != table.Name && document.Table(parent) is not null && !created.Contains(parent)) return false;
        foreach (var key in table.ForeignKeys)
        {
            var target = key.References.Table;
            if (target != table.Name && document.Table(target) is not null && !created.Contains(target)) return false;
        }
        return true;
    }
}
