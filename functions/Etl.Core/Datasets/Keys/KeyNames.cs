using System.Text;

namespace Etl.Core.Datasets.Keys;

/// <summary>
/// What a column's name says about the table it refers to. <c>user_id</c>, <c>userId</c>, <c>user_key</c> name a
/// <c>user</c>; a table named <c>user</c>, <c>users</c> (or <c>orders__users</c>: the last segment) is that table.
/// </summary>
internal static class KeyNames
{
    /// <summary>The referenced thing a key-like name names (<c>user_id</c> → <c>user</c>, <c>orderItemId</c> → <c>order_item</c>); null for other names.</summary>
    public static string? Stem(string column)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_id", "_key"])
        {
            if (column.Length > suffix.Length && column.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return column[..^suffix.Length].ToLowerInvariant();
        }
        foreach (var suffix in (ReadOnlySpan<string>)["Id", "Key"])
        {
            // Camel case: the suffix starts a new word after a lower-case letter or digit ("userId", not "paid").
            if (column.Length > suffix.Length && column.EndsWith(suffix, StringComparison.Ordinal)
                && (char.IsAsciiLetterLower(column[^(suffix.Length + 1)]) || char.IsAsciiDigit(column[^(suffix.Length + 1)])))
                return Snake(column[..^suffix.Length]);
        }
        return null;
    }

    /// <summary>True when <paramref name="stem"/> (singular, as names of references are) names <paramref name="table"/>.</summary>
    public static bool NamesTable(string stem, string table)
    {
        var segment = table.LastIndexOf("__", StringComparison.Ordinal) is var at and >= 0 ? table[(at + 2)..] : table;
        return Names(stem, segment) || Names(stem, table);
    }

    /// <summary>A name too common to tell a reference by (every table has an <c>id</c>).</summary>
    public static bool IsGeneric(string column) => column is "id" or "key" or "ID" or "Id";

    private static bool Names(string stem, string name) =>
        name == stem || name == stem + "s" || name == stem + "es"
        || (stem.Length > 1 && stem[^1] == 'y' && name == string.Concat(stem.AsSpan(0, stem.Length - 1), "ies"));

    private static string Snake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0 && name[i - 1] != '_') text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
