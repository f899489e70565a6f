namespace Etl.Core.Datasets.Changes;

/// <summary>
/// Which <see cref="ChangeCase"/> a change of column type is. Widening is a declared table; narrowing is a widening
/// read backwards; everything else is incompatible.
/// </summary>
public static class TypeConversions
{
    // Pairs whose every old value has a value in the new type. INT64 → DOUBLE is DESIGN.md's example even though
    // integers above 2^53 round; DECIMAL → DOUBLE follows it for the same reason. A DATE becomes the timestamp of
    // its midnight (UTC for TIMESTAMP, wall-clock for TIMESTAMP_LOCAL), which SQL engines also do when comparing.
    private static readonly (ColumnKind From, ColumnKind To)[] Widenings =
    [
        (ColumnKind.Int32, ColumnKind.Int64),
        (ColumnKind.Int32, ColumnKind.Double),
        (ColumnKind.Int64, ColumnKind.Double),
        (ColumnKind.Decimal, ColumnKind.Double),
        (ColumnKind.Date, ColumnKind.Timestamp),
        (ColumnKind.Date, ColumnKind.TimestampLocal),
    ];

    // JSON text of these kinds is their plain text (5, true, [1,2]); of the others it gains quotes.
    private static readonly ColumnKind[] SpelledAlikeInJson =
        [ColumnKind.Boolean, ColumnKind.Int32, ColumnKind.Int64, ColumnKind.Decimal, ColumnKind.Double, ColumnKind.List];

    /// <summary>The case of a change from <paramref name="from"/> to <paramref name="to"/>; null when they are equal.</summary>
    public static ChangeCase? Classify(ColumnType from, ColumnType to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to) return null;
        if (from.Kind == ColumnKind.List && to.Kind == ColumnKind.List)
        {
            // A list is as compatible as its elements: LIST<INT64> → LIST<DOUBLE> widens.
            return Classify(from.Element!, to.Element!);
        }
        if (Widens(from, to)) return ChangeCase.TypeWidened;
        if (to.Kind == ColumnKind.String) return ChangeCase.TypeToText; // DESIGN.md: anything → STRING widens.
        if (to.Kind == ColumnKind.Json)
            return Array.IndexOf(SpelledAlikeInJson, from.Kind) >= 0 ? ChangeCase.TypeToText : ChangeCase.TypeReencodedAsJson;
        if (IsTimestamp(from.Kind) && IsTimestamp(to.Kind)) return ChangeCase.TypeZoneChanged;
        if (Widens(to, from) || from.Kind is ColumnKind.String or ColumnKind.Json) return ChangeCase.TypeNarrowed;
        return ChangeCase.TypeIncompatible;
    }

    private static bool Widens(ColumnType from, ColumnType to)
    {
        foreach (var (f, t) in Widenings)
        {
            if (f == from.Kind && t == to.Kind) return true;
        }
        // An integer type holds a whole decimal with fewer digits than it always has room for (9 for INT32, 18 for
        // INT64: the precisions Parquet stores in those physical types).
        if (from.Kind == ColumnKind.Decimal && from.Scale == 0)
        {
            if (to.Kind == ColumnKind.Int32) return from.Precision <= 9;
            if (to.Kind == ColumnKind.Int64) return from.Precision <= 18;
        }
        if (to.Kind != ColumnKind.Decimal) return false;
        // A decimal holds an integer type when it has room for all its digits (10 for INT32, 19 for INT64), and a
        // smaller decimal when it keeps at least as many digits on both sides of the point.
        var integerDigits = to.Precision - to.Scale;
        return from.Kind switch
        {
            ColumnKind.Int32 => integerDigits >= 10,
            ColumnKind.Int64 => integerDigits >= 19,
            ColumnKind.Decimal => to.Scale >= from.Scale && integerDigits >= from.Precision - from.Scale,
            _ => false,
        };
    }

    private static bool IsTimestamp(ColumnKind kind) => kind is ColumnKind.Timestamp or ColumnKind.TimestampLocal;
}
