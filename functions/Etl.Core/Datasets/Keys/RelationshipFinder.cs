using System.Globalization;
using Etl.Core.Normalize;

namespace Etl.Core.Datasets.Keys;

/// <summary>
/// Finds foreign keys between tables by their values. A column of table A is taken to reference table B's key when
/// <list type="number">
/// <item>its name points at B: a key-like name (<c>x_id</c>, <c>xId</c>, <c>x_key</c>) whose <c>x</c> names B
/// (<c>user_id</c> → <c>users</c>), or the same name as B's key column (<c>sku</c> → <c>products.sku</c>; not a bare
/// <c>id</c>, which every table has);</item>
/// <item>B has a single-column key: its natural key, else a primary key that is not a generated <c>_etl_</c> column;</item>
/// <item>the types can hold equal values (text with text, integers with integers or whole decimals, decimals of one scale);</item>
/// <item>every non-null value of the column is one of B's key values (all of them, not a share: the DDL declares the
/// key, and DuckDB or PostgreSQL refuse a load with a single orphan), and there is at least one.</item>
/// </list>
/// Values are compared as 64-bit hashes (a false match needs a collision among 2^64). B's key values are held in memory,
/// at most <see cref="DefaultMaxKeyValues"/> of them (in at most 2^22 eight-byte slots: 32 MB); a key with more rows is not checked and the
/// search says so in its notes. The referencing column is streamed and stops at its first value not in B. The
/// <c>_etl_</c> columns (whose keys the normalizer declares) and columns that already have a key are left alone; a table
/// never references itself. When several tables qualify, the one the name points at wins, then one of the same dataset,
/// then the first in document order. A table of another dataset is referenced as <c>dataset.table</c>.
/// </summary>
public static class RelationshipFinder
{
    /// <summary>The most key values of one referenced column held in memory (2^21).</summary>
    public const int DefaultMaxKeyValues = 1 << 21;

    /// <summary>The largest cap that can be asked for (2^27 values: a table of 2^28 slots, 2 GB).</summary>
    public const int MaxKeyValuesLimit = 1 << 27;

    /// <summary>Finds the keys of <paramref name="tables"/>' tables, within them and into <paramref name="others"/>.</summary>
    /// <param name="tables">The dataset version searched.</param>
    /// <param name="open">Opens one of its tables' Parquet files (a readable, seekable stream; the finder closes it).</param>
    /// <param name="others">The current tables of other datasets, which may be referenced too.</param>
    /// <param name="maxKeyValues">The most values of a referenced key held in memory (1 to <see cref="MaxKeyValuesLimit"/>).</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    public static RelationshipSearch Find(TablesDocument tables, Func<TableSchema, Stream> open,
        IReadOnlyList<DatasetTables>? others = null, int maxKeyValues = DefaultMaxKeyValues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeyValues);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxKeyValues, MaxKeyValuesLimit);
        var targets = Targets(tables, open, others ?? []);
        var notes = new List<string>();
        var passed = new List<Match>();
        for (var t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            var candidates = Candidates(tables, target, t);
            if (candidates.Count == 0) continue;
            var values = KeyValues(target, maxKeyValues, notes, cancellationToken);
            if (values is null) continue;
            foreach (var candidate in candidates)
            {
                using var scan = KeyColumnScan.Open(open(candidate.Table), candidate.Column.Name);
                if (scan is null)
                {
                    notes.Add($"{candidate.Table.Name}.{candidate.Column.Name} is not a flat column of the table's Parquet file: not checked");
                    continue;
                }
                var count = scan.CountContainedIn(values, cancellationToken);
                if (count > 0) passed.Add(candidate with { Values = count });
            }
        }
        return new RelationshipSearch(Best(tables, passed), notes);
    }

    /// <summary><paramref name="tables"/> with the keys <see cref="Find"/> finds added to their tables.</summary>
    public static TablesDocument AddKeys(TablesDocument tables, Func<TableSchema, Stream> open,
        IReadOnlyList<DatasetTables>? others = null, int maxKeyValues = DefaultMaxKeyValues, CancellationToken cancellationToken = default) =>
        WithKeys(tables, Find(tables, open, others, maxKeyValues, cancellationToken).Keys);

    /// <summary><paramref name="tables"/> with <paramref name="keys"/> added to their tables (a key on columns that already have one is skipped).</summary>
    public static TablesDocument WithKeys(TablesDocument tables, IReadOnlyList<FoundRelationship> keys)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(keys);
        var updated = new List<TableSchema>(tables.Tables.Count);
        foreach (var table in tables.Tables)
        {
            List<ForeignKey>? added = null;
            foreach (var found in keys)
            {
                if (found.Table != table.Name || HasKeyOn(table, found.Key.Columns) || (added is not null && Contains(added, found.Key.Columns))) continue;
                (added ??= [.. table.ForeignKeys]).Add(found.Key);
            }
            updated.Add(added is null ? table : table with { ForeignKeys = added });
        }
        return tables with { Tables = updated };
    }

    private sealed record Target(string? Dataset, TableSchema Table, ColumnSchema Key, Func<TableSchema, Stream> Open)
    {
        public string Reference => Dataset is null ? Table.Name : Dataset + "." + Table.Name;
    }

    private sealed record Match(TableSchema Table, ColumnSchema Column, Target Target, int TargetIndex, int Score, long Values);

    private static List<Target> Targets(TablesDocument tables, Func<TableSchema, Stream> open, IReadOnlyList<DatasetTables> others)
    {
        var targets = new List<Target>();
        foreach (var table in tables.Tables)
        {
            if (TargetKey(table) is { } key) targets.Add(new Target(null, table, key, open));
        }
        foreach (var other in others)
        {
            foreach (var table in other.Tables.Tables)
            {
                if (TargetKey(table) is { } key) targets.Add(new Target(other.Name, table, key, other.Open));
            }
        }
        return targets;
    }

    /// <summary>The single key column another table can reference: the natural key, else a primary key the data holds.</summary>
    private static ColumnSchema? TargetKey(TableSchema table)
    {
        if (table.NaturalKey is { Columns.Count: 1 } natural && table.Column(natural.Columns[0]) is { } column && KeyTypes.IsKey(column.Type))
            return column;
        if (table.PrimaryKey.Count == 1 && !ReservedColumns.IsReserved(table.PrimaryKey[0])
            && table.Column(table.PrimaryKey[0]) is { } primary && KeyTypes.IsKey(primary.Type))
            return primary;
        return null;
    }

    private static List<Match> Candidates(TablesDocument tables, Target target, int targetIndex)
    {
        var candidates = new List<Match>();
        foreach (var table in tables.Tables)
        {
            if (target.Dataset is null && table.Name == target.Table.Name) continue;
            foreach (var column in table.Columns)
            {
                if (ReservedColumns.IsReserved(column.Name) || HasKeyOn(table, [column.Name])) continue;
                var score = Score(column.Name, target);
                if (score > 0 && KeyTypes.Compatible(column.Type, target.Key.Type))
                    candidates.Add(new Match(table, column, target, targetIndex, score, 0));
            }
        }
        return candidates;
    }

    /// <summary>2 when the name points at the table, 1 more when it is the key column's own (not generic) name; 0: no reference.</summary>
    private static int Score(string column, Target target)
    {
        var score = KeyNames.Stem(column) is { Length: > 0 } stem && KeyNames.NamesTable(stem, target.Table.Name) ? 2 : 0;
        if (column == target.Key.Name && !KeyNames.IsGeneric(column)) score++;
        return score;
    }

    private static KeyValueSet? KeyValues(Target target, int maxKeyValues, List<string> notes, CancellationToken cancellationToken)
    {
        using var scan = KeyColumnScan.Open(target.Open(target.Table), target.Key.Name);
        if (scan is null)
        {
            notes.Add($"{target.Reference}.{target.Key.Name} is not a flat column of the table's Parquet file: not referenced");
            return null;
        }
        if (scan.RowCount > maxKeyValues)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{target.Reference}.{target.Key.Name} has {scan.RowCount:N0} rows, more than the {maxKeyValues:N0} key values held in memory: not referenced"));
            return null;
        }
        var values = new KeyValueSet(scan.RowCount);
        scan.AddTo(values, cancellationToken);
        return values;
    }

    /// <summary>One key per column: the best-named target, then the same dataset, then document order; in table and column order.</summary>
    private static List<FoundRelationship> Best(TablesDocument tables, List<Match> passed)
    {
        var found = new List<FoundRelationship>();
        foreach (var table in tables.Tables)
        {
            foreach (var column in table.Columns)
            {
                Match? best = null;
                foreach (var match in passed)
                {
                    if (!ReferenceEquals(match.Table, table) || !ReferenceEquals(match.Column, column)) continue;
                    if (best is null || Better(match, best)) best = match;
                }
                if (best is not null) found.Add(new FoundRelationship(table.Name, Key(best)));
            }
        }
        return found;
    }

    private static bool Better(Match a, Match b)
    {
        if (a.Score != b.Score) return a.Score > b.Score;
        if ((a.Target.Dataset is null) != (b.Target.Dataset is null)) return a.Target.Dataset is null;
        return a.TargetIndex < b.TargetIndex;
    }

    private static ForeignKey Key(Match match)
    {
        var reference = match.Target.Reference;
        var name = match.Score >= 2
            ? $"the name {match.Column.Name} points at {reference}"
            : $"both columns are named {match.Column.Name}";
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"every one of the {match.Values:N0} non-null values of {match.Table.Name}.{match.Column.Name} is a {reference}.{match.Target.Key.Name} value, and {name}");
        return new ForeignKey([match.Column.Name], new KeyReference(reference, [match.Target.Key.Name])) { Reason = reason };
    }

    private static bool HasKeyOn(TableSchema table, IReadOnlyList<string> columns) => Contains(table.ForeignKeys, columns);

    private static bool Contains(IReadOnlyList<ForeignKey> keys, IReadOnlyList<string> columns)
    {
        foreach (var key in keys)
        {
            if (key.Columns.Count != columns.Count) continue;
            var same = true;
            for (var i = 0; i < columns.Count && same; i++) same = key.Columns[i] == columns[i];
            if (same) return true;
        }
        return false;
    }
}
