namespace Etl.Core.Normalize;

/// <summary>
/// The one place where a dataset's table and column names are decided: JSON paths in, lower-case
/// <c>[a-z0-9_]</c> names of at most <see cref="MaxLength"/> characters out, and an <see cref="NameAlias"/> for
/// every name that differs from its source keys.
/// </summary>
/// <remarks>
/// <para>
/// Rules: a key is transliterated (é → e, ß → ss), snake_cased at camelCase breaks, lower-cased; every other
/// character becomes <c>_</c>, runs of <c>_</c> collapse, a trailing <c>_</c> is dropped (a leading one is
/// kept: <c>_id</c>), and a key with no letter or digit becomes <c>_empty</c>. Path segments are joined with
/// <c>__</c>: child tables are <c>parent__key</c>, flattened object columns <c>a__b</c>. A name starting with a
/// digit gets a leading <c>_</c>; a name starting with <see cref="ReservedColumns.Prefix"/> gets a leading
/// <c>user</c>, so data never takes a reserved name. SQL reserved words are kept (<c>order</c>, <c>select</c>):
/// Athena, Glue, DuckDB and Postgres all accept them quoted, and renaming them would surprise more than quoting.
/// Longer names are shortened readably (see <c>NameShortener</c>); a name already given in the same scope gets
/// <c>_2</c>, <c>_3</c>, … in the order the paths are asked for.
/// </para>
/// <para>
/// Deterministic: the same paths asked in the same order give the same names in every process, on every host
/// (no randomized hashing, no culture-dependent casing, no ICU). Asking again for a path returns the name it got
/// the first time. Not thread-safe: one namer serves one normalization, which names its tables and columns from
/// one thread.
/// </para>
/// <para>
/// Meant to be asked once per new path (the answer kept in the normalizer's schema tree), not once per value:
/// a lookup builds a key string.
/// </para>
/// </remarks>
public sealed class TableNamer
{
    /// <summary>The longest name: Postgres truncates identifiers beyond 63 bytes, and Glue needs names this short to stay portable.</summary>
    public const int MaxLength = 63;

    private const string Separator = "__";
    private const string ReservedEscape = "user";

    private readonly NameScope _tables = new([]);
    private readonly Dictionary<string, TableEntry> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _childTables = new(StringComparer.Ordinal);
    private readonly List<NameAlias> _aliases = [];

    /// <summary>Starts naming the dataset <paramref name="dataset"/>, whose root table is named after it.</summary>
    /// <param name="dataset">The dataset's name as the user gave it (any text; see <see cref="DatasetNameFromFile"/>).</param>
    public TableNamer(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var segment = Guard([KeyNormalizer.Normalize(dataset)], out var reserved);
        var candidate = NameShortener.Fit(segment, StableHash.Canonical("table", [dataset]), out var shortened);
        RootTable = _tables.Claim(candidate, out _);
        Register(RootTable, dataset);
        Record(NameKind.Table, null, [], dataset, RootTable, false, shortened, reserved);
    }

    /// <summary>The root table's name: one row per input record.</summary>
    public string RootTable { get; }

    /// <summary>Every table and column name that differs from its source keys, in the order they were given.</summary>
    public IReadOnlyList<NameAlias> Aliases => _aliases;

    /// <summary>
    /// The root table name for an uploaded file: the file name without folders and without its JSON and
    /// compression extensions (<c>data/Orders 2024.ndjson.gz</c> → <c>Orders 2024</c>), to pass to the constructor.
    /// </summary>
    public static string DatasetNameFromFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        string[] extensions = [".gz", ".zst", ".json", ".ndjson", ".jsonl", ".txt"];
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var extension in extensions)
                if (name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    name = name[..^extension.Length];
                    stripped = true;
                }
        }
        return name;
    }

    /// <summary>
    /// The name of the child table holding the array at <paramref name="path"/> under a row of
    /// <paramref name="parentTable"/>: <c>parent__key</c>, or <c>parent__a__b</c> when the array sits in an object.
    /// </summary>
    /// <param name="parentTable">A name this namer gave: <see cref="RootTable"/> or an earlier child table.</param>
    /// <param name="path">The keys from the parent row to the array (at least one).</param>
    /// <exception cref="ArgumentException">The path is empty, or the parent table was not named by this namer.</exception>
    public string TableName(string parentTable, IReadOnlyList<string> path)
    {
        var parent = Known(parentTable, nameof(parentTable));
        CheckPath(path);
        var memo = parentTable + "\n" + StableHash.Canonical("", path);
        if (_childTables.TryGetValue(memo, out var known)) return known;

        var segments = new List<string>(parentTable.Split(Separator));
        foreach (var key in path) segments.Add(KeyNormalizer.Normalize(key));
        var candidate = NameShortener.Fit(segments, StableHash.Canonical(parent.Original, path), out var shortened);
        var name = _tables.Claim(candidate, out var clashed);
        var original = parent.Original + Separator + string.Join(Separator, path);
        _childTables.Add(memo, name);
        Register(name, original);
        Record(NameKind.Table, parentTable, path, original, name, clashed, shortened, reserved: false);
        return name;
    }

    /// <summary>
    /// The name of the column for the value at <paramref name="path"/> in a row of <paramref name="table"/>:
    /// the key itself, or <c>a__b</c> for a value inside an object. Never one of <see cref="ReservedColumns.All"/>.
    /// </summary>
    /// <param name="table">A name this namer gave.</param>
    /// <param name="path">The keys from the row to the value (at least one).</param>
    /// <exception cref="ArgumentException">The path is empty, or the table was not named by this namer.</exception>
    public string ColumnName(string table, IReadOnlyList<string> path)
    {
        var entry = Known(table, nameof(table));
        CheckPath(path);
        var memo = StableHash.Canonical("", path);
        if (entry.Columns.TryGetValue(memo, out var known)) return known;

        var segments = new List<string>(path.Count);
        foreach (var key in path) segments.Add(KeyNormalizer.Normalize(key));
        segments = Guard(segments, out var reserved);
        var candidate = NameShortener.Fit(segments, StableHash.Canonical(table, path), out var shortened);
        var name = entry.Scope.Claim(candidate, out var clashed);
        entry.Columns.Add(memo, name);
        Record(NameKind.Column, table, path, string.Join(Separator, path), name, clashed, shortened, reserved);
        return name;
    }

    // The first segment decides what the whole name starts with: a digit is not a valid start of an unquoted
    // identifier, and the reserved prefix belongs to the normalizer.
    private static List<string> Guard(List<string> segments, out bool reserved)
    {
        var first = segments[0];
        if (char.IsAsciiDigit(first[0])) first = "_" + first;
        // Joined, because ["_etl", "key"] would start "_etl__key" with the prefix too.
        reserved = ReservedColumns.IsReserved(segments.Count > 1 ? first + Separator : first);
        if (reserved) first = ReservedEscape + first;
        segments[0] = first;
        return segments;
    }

    private TableEntry Known(string table, string parameter)
    {
        ArgumentNullException.ThrowIfNull(table, parameter);
        return _byName.TryGetValue(table, out var entry)
            ? entry
            : throw new ArgumentException(
                $"Table '{table}' was not named by this namer; name it first with {nameof(TableName)} (or use {nameof(RootTable)}).",
                parameter);
    }

    private static void CheckPath(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0) throw new ArgumentException("A path needs at least one key.", nameof(path));
        foreach (var key in path)
            if (key is null) throw new ArgumentException("A path's keys must not be null.", nameof(path));
    }

    private void Register(string name, string original) =>
        _byName.Add(name, new TableEntry(original, new NameScope(ReservedColumns.All)));

    private void Record(NameKind kind, string? table, IReadOnlyList<string> path, string original, string name,
        bool clashed, bool shortened, bool reserved)
    {
        if (name == original) return;
        var reason = clashed ? NameChangeReason.Clash
            : shortened ? NameChangeReason.Shortened
            : reserved ? NameChangeReason.Reserved
            : NameChangeReason.Normalized;
        _aliases.Add(new NameAlias(kind, table, [.. path], original, name, reason));
    }

    private sealed record TableEntry(string Original, NameScope Scope)
    {
        public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);
    }
}
