using System.Globalization;
using System.Text.Json.Nodes;
using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Profile;

namespace Etl.Agents.Offline;

/// <summary>What a column is for, read from its name, type and profile: keys, measures, dates, load timestamps.</summary>
internal static class ColumnRoles
{
    public const string Key = "_etl_key";
    public const string ParentKey = "_etl_parent_key";
    public const string RootKey = "_etl_root_key";
    public const string Position = "_etl_position";

    /// <summary>Words that make a numeric column a measure worth summing.</summary>
    public static readonly string[] MeasureWords =
    [
        "amount", "price", "total", "revenue", "sales", "quantity", "qty", "value", "cost", "fee", "tax", "discount",
        "magnitude", "mag", "score", "weight", "duration", "balance", "spend", "profit", "income", "payment", "subtotal",
    ];

    /// <summary>Names of a timestamp that says when a row was loaded (for source freshness).</summary>
    public static readonly string[] LoadTimestampNames =
        ["loaded_at", "_loaded_at", "ingested_at", "_ingested_at", "updated_at", "_updated_at", "inserted_at", "_etl_loaded_at", "load_timestamp"];

    /// <summary>Words of a column naming a customer-like party (for lifetime value).</summary>
    public static readonly string[] CustomerWords = ["customer", "client", "buyer", "user", "account", "member", "actor", "owner"];

    public static bool IsReserved(string name) => name.StartsWith("_etl_", StringComparison.Ordinal);

    public static bool IsNumeric(ColumnType type) => type.Kind is ColumnKind.Int32 or ColumnKind.Int64 or ColumnKind.Double or ColumnKind.Decimal;

    public static bool IsTemporal(ColumnType type) => type.Kind is ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.TimestampLocal;

    public static bool IsTimestamp(ColumnType type) => type.Kind is ColumnKind.Timestamp or ColumnKind.TimestampLocal;

    /// <summary>The column's last name segment (<c>properties__mag</c> → <c>mag</c>).</summary>
    public static string LastSegment(string name)
    {
        var at = name.LastIndexOf("__", StringComparison.Ordinal);
        return at < 0 ? name : name[(at + 2)..];
    }

    public static bool IsIdLike(string name)
    {
        var last = LastSegment(name);
        return last == "id" || last.EndsWith("_id", StringComparison.Ordinal) || last.EndsWith("_key", StringComparison.Ordinal)
            || last == "code" || last.EndsWith("_code", StringComparison.Ordinal);
    }

    /// <summary>A numeric column whose name says it is an amount, a price, a magnitude…: something to sum or average.</summary>
    public static bool IsMeasure(ColumnSchema column)
    {
        if (!IsNumeric(column.Type) || IsReserved(column.Name) || IsIdLike(column.Name)) return false;
        foreach (var word in LastSegment(column.Name).Split('_'))
        {
            if (Array.IndexOf(MeasureWords, word) >= 0) return true;
        }
        return false;
    }

    /// <summary>Nulls in the column, from the catalog or the profile; null when neither knows.</summary>
    public static long? NullCount(SourceTable table, ColumnSchema column)
    {
        if (!column.Nullable) return 0;
        if (column.NullCount is { } known) return known;
        return Profile(table, column.Name)?.NullCount;
    }

    public static ColumnProfile? Profile(SourceTable table, string name)
    {
        if (table.Profile is null) return null;
        foreach (var column in table.Profile.Columns)
        {
            if (column.Name == name) return column;
        }
        return null;
    }

    /// <summary>
    /// For an integer or double column named like a time (<c>time</c>, <c>*_at</c>, <c>timestamp</c>, <c>*date*</c>) whose values
    /// all fall between 2000 and 2100 as Unix epoch milliseconds or seconds: the divisor to seconds (1000 or 1); otherwise null.
    /// </summary>
    public static int? EpochDivisor(SourceTable table, ColumnSchema column)
    {
        if (column.Type.Kind is not (ColumnKind.Int64 or ColumnKind.Int32 or ColumnKind.Double) || IsReserved(column.Name)) return null;
        var last = LastSegment(column.Name);
        if (!(last is "time" or "timestamp" or "ts" || last.EndsWith("_time", StringComparison.Ordinal) || last.EndsWith("_at", StringComparison.Ordinal)
            || last.Contains("date", StringComparison.Ordinal) || last.EndsWith("_ts", StringComparison.Ordinal))) return null;
        if (Number(Profile(table, column.Name)?.Min) is not { } min || Number(Profile(table, column.Name)?.Max) is not { } max) return null;
        const double from = 946_684_800, to = 4_102_444_800;
        if (min >= from * 1000 && max < to * 1000) return 1000;
        if (min >= from && max < to) return 1;
        return null;
    }

    /// <summary>The row's own time, for aggregates and incremental loads: a date or timestamp column (or epoch numbers), best first.</summary>
    public static IReadOnlyList<ColumnSchema> TimeColumns(SourceTable table, bool allowEpoch)
    {
        var candidates = new List<(ColumnSchema Column, double Score)>();
        foreach (var column in table.Schema.Columns)
        {
            var epoch = allowEpoch && EpochDivisor(table, column) is not null;
            if (!IsTemporal(column.Type) && !epoch) continue;
            var rows = Math.Max(1, table.Schema.RowCount);
            var nulls = NullCount(table, column) ?? rows;
            if (table.Schema.RowCount > 0 && nulls >= rows) continue;
            var last = LastSegment(column.Name);
            var score = 1.0 - (double)nulls / rows;
            if (last.Contains("created", StringComparison.Ordinal) || last.Contains("order", StringComparison.Ordinal)
                || last is "time" or "timestamp" or "date" or "occurred_at" or "event_time") score += 1;
            score -= 0.1 * (column.Name.Split("__").Length - 1);
            if (IsTimestamp(column.Type)) score += 0.05;
            candidates.Add((column, score));
        }
        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Column.Name, StringComparer.Ordinal).Select(c => c.Column).ToArray();
    }

    /// <summary>A timestamp that says when the row was loaded, by its name; null when the table has none.</summary>
    public static ColumnSchema? LoadTimestamp(SourceTable table)
    {
        foreach (var name in LoadTimestampNames)
        {
            if (table.Schema.Column(name) is { } column && IsTimestamp(column.Type)) return column;
        }
        return null;
    }

    /// <summary>A key column naming a customer-like party (<c>customer_id</c>, <c>user__id</c>), best first.</summary>
    public static IReadOnlyList<(ColumnSchema Column, string Word)> CustomerKeys(SourceTable table)
    {
        var found = new List<(ColumnSchema, string, int)>();
        foreach (var column in table.Schema.Columns)
        {
            if (IsReserved(column.Name) || column.Type.Kind is not (ColumnKind.String or ColumnKind.Int64 or ColumnKind.Int32)) continue;
            var name = column.Name;
            var last = LastSegment(name);
            if (!(last is "id" or "key" or "login" or "email" || last.EndsWith("_id", StringComparison.Ordinal))) continue;
            for (var i = 0; i < CustomerWords.Length; i++)
            {
                if (name.Contains(CustomerWords[i], StringComparison.Ordinal))
                {
                    // Shallow columns first (actor__id before payload__comment__user__id), then the word's rank, then ids before logins.
                    found.Add((column, CustomerWords[i], 100 * (name.Split("__").Length - 1) + i * 10
                        + (last is "id" or "key" ? 0 : last.EndsWith("_id", StringComparison.Ordinal) ? 1 : 2)));
                    break;
                }
            }
        }
        return found.OrderBy(f => f.Item3).ThenBy(f => f.Item1.Name, StringComparer.Ordinal).Select(f => (f.Item1, f.Item2)).ToArray();
    }

    private static double? Number(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<double>(out var d)) return d;
            if (value.TryGetValue<long>(out var l)) return l;
            if (value.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        }
        return null;
    }
}
