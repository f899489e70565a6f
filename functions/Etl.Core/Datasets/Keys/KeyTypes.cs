namespace Etl.Core.Datasets.Keys;

/// <summary>Which column types can hold keys, and which can be joined: equal values must be stored as equal values.</summary>
internal static class KeyTypes
{
    /// <summary>Text, integers and decimals: the types a key is written in (not floats, times, lists or JSON).</summary>
    public static bool IsKey(ColumnType type) =>
        type.Kind is ColumnKind.String or ColumnKind.Int32 or ColumnKind.Int64 or ColumnKind.Decimal;

    /// <summary>
    /// True when values of <paramref name="a"/> can equal values of <paramref name="b"/>: text with text; integers of
    /// either width with each other and with whole decimals; decimals of the same scale.
    /// </summary>
    public static bool Compatible(ColumnType a, ColumnType b)
    {
        if (!IsKey(a) || !IsKey(b)) return false;
        if (a.Kind == ColumnKind.String || b.Kind == ColumnKind.String) return a.Kind == b.Kind;
        return Scale(a) == Scale(b);
    }

    private static int Scale(ColumnType type) => type.Kind == ColumnKind.Decimal ? type.Scale : 0;
}
