namespace Etl.Core.Datasets.Changes;

/// <summary>
/// Diffs two versions of a dataset's tables into graded <see cref="SchemaChange"/>s. It detects cases only; the
/// kind and severity of each come from <see cref="SeverityRules"/>.
/// </summary>
/// <remarks>
/// Order is deterministic so changes.json and the page read the same on every run: tables by name (ordinal); inside
/// a table, the old schema's columns in schema order (each column's type change before its nullability change),
/// then added columns in the new schema's order, then key changes (primary, natural, foreign). Column order is not a
/// change: readers address columns by name. Columns and tables are matched by name only, so a rename is a drop plus
/// an add (breaking), never guessed.
/// </remarks>
public static class ChangeClassifier
{
    /// <summary>The changes from <paramref name="oldTables"/> to <paramref name="newTables"/>; empty when the schemas match.</summary>
    public static IReadOnlyList<SchemaChange> Diff(IReadOnlyList<TableSchema> oldTables, IReadOnlyList<TableSchema> newTables)
    {
        ArgumentNullException.ThrowIfNull(oldTables);
        ArgumentNullException.ThrowIfNull(newTables);
        var oldByName = IndexByName(oldTables, "old");
        var newByName = IndexByName(newTables, "new");
        var names = new SortedSet<string>(oldByName.Keys, StringComparer.Ordinal);
        names.UnionWith(newByName.Keys);

        var changes = new List<SchemaChange>();
        foreach (var name in names)
        {
            var hadOld = oldByName.TryGetValue(name, out var before);
            var hasNew = newByName.TryGetValue(name, out var after);
            if (!hadOld) changes.Add(Change(ChangeCase.TableAdded, name, null, null, null, $"table {name} was added"));
            else if (!hasNew) changes.Add(Change(ChangeCase.TableDropped, name, null, null, null, $"table {name} was dropped"));
            else DiffTable(before!, after!, changes);
        }
        return changes;
    }

    private static Dictionary<string, TableSchema> IndexByName(IReadOnlyList<TableSchema> tables, string which)
    {
        var index = new Dictionary<string, TableSchema>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            if (!index.TryAdd(table.Name, table))
                throw new ArgumentException($"the {which} version names table '{table.Name}' twice: table names must be unique within a version", nameof(tables));
        }
        return index;
    }

    private static void DiffTable(TableSchema before, TableSchema after, List<SchemaChange> changes)
    {
        var table = after.Name;
        foreach (var old in before.Columns)
        {
            var now = after.Column(old.Name);
            var subject = $"{table}.{old.Name}";
            if (now is null)
            {
                changes.Add(Change(ChangeCase.ColumnDropped, table, old.Name, old.Type.Name, null, $"{subject} ({old.Type.Name}) was dropped"));
                continue;
            }
            if (TypeConversions.Classify(old.Type, now.Type) is { } typeCase)
                changes.Add(Change(typeCase, table, old.Name, old.Type.Name, now.Type.Name, $"{subject} changed from {old.Type.Name} to {now.Type.Name}"));
            if (old.Nullable != now.Nullable)
            {
                var nullabilityCase = NullabilityCase(old);
                var nulls = old.NullCount is > 0 ? $" ({old.NullCount} nulls in the old version)" : "";
                changes.Add(Change(nullabilityCase, table, old.Name, Nullability(old.Nullable), Nullability(now.Nullable),
                    $"{subject} changed from {Nullability(old.Nullable)} to {Nullability(now.Nullable)}{nulls}"));
            }
        }
        foreach (var now in after.Columns)
        {
            if (before.Column(now.Name) is not null) continue;
            var @case = now.Nullable ? ChangeCase.ColumnAddedNullable : ChangeCase.ColumnAddedRequired;
            changes.Add(Change(@case, table, now.Name, null, now.Type.Name,
                $"{table}.{now.Name} ({now.Type.Name}, {Nullability(now.Nullable)}) was added"));
        }
        DiffKeys(before, after, changes);
    }

    // Only the old version's nulls matter: the new version calls the column required because its own rows have none.
    private static ChangeCase NullabilityCase(ColumnSchema old) => old.Nullable
        ? old.NullCount switch
        {
            null => ChangeCase.RequiredWithNullsUnknown,
            > 0 => ChangeCase.RequiredWithNullsPresent,
            _ => ChangeCase.RequiredWithoutNulls,
        }
        : ChangeCase.BecameNullable;

    private static void DiffKeys(TableSchema before, TableSchema after, List<SchemaChange> changes)
    {
        var table = after.Name;
        if (!SameColumns(before.PrimaryKey, after.PrimaryKey))
        {
            var (from, to) = (KeyText(before.PrimaryKey), KeyText(after.PrimaryKey));
            changes.Add(Change(ChangeCase.PrimaryKeyChanged, table, null, from, to,
                $"{table}'s primary key changed from ({from ?? "none"}) to ({to ?? "none"})"));
        }
        // Confidence and reason may drift between loads; only the columns decide the generated keys.
        if (!SameColumns(before.NaturalKey?.Columns ?? [], after.NaturalKey?.Columns ?? []))
        {
            var (from, to) = (KeyText(before.NaturalKey?.Columns), KeyText(after.NaturalKey?.Columns));
            changes.Add(Change(ChangeCase.NaturalKeyChanged, table, null, from, to,
                $"{table}'s natural key changed from ({from ?? "none"}) to ({to ?? "none"})"));
        }
        var oldJoins = JoinTexts(before.ForeignKeys);
        var newJoins = JoinTexts(after.ForeignKeys);
        foreach (var join in oldJoins)
        {
            if (!newJoins.Contains(join))
                changes.Add(Change(ChangeCase.ForeignKeyDropped, table, null, join, null, $"{table}'s foreign key {join} was dropped"));
        }
        foreach (var join in newJoins)
        {
            if (!oldJoins.Contains(join))
                changes.Add(Change(ChangeCase.ForeignKeyAdded, table, null, null, join, $"{table}'s foreign key {join} was added"));
        }
    }

    private static List<string> JoinTexts(IReadOnlyList<ForeignKey> keys)
    {
        var texts = new List<string>(keys.Count);
        foreach (var key in keys) texts.Add(key.ToString());
        return texts;
    }

    private static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Order matters: a composite key's order is the order its generated hash reads the values in.
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static string? KeyText(IReadOnlyList<string>? columns) =>
        columns is null || columns.Count == 0 ? null : string.Join(", ", columns);

    private static string Nullability(bool nullable) => nullable ? "nullable" : "required";

    private static SchemaChange Change(ChangeCase @case, string table, string? column, string? from, string? to, string what)
    {
        var rule = SeverityRules.For(@case);
        return new SchemaChange(rule.Kind, table, column, from, to, rule.Severity, $"{what}: {rule.Consequence}");
    }
}
