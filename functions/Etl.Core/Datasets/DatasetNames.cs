using Etl.Core.Normalize;

namespace Etl.Core.Datasets;

/// <summary>
/// What a dataset may be called: lower-case <c>[a-z0-9_]</c>, 1 to <see cref="TableNamer.MaxLength"/> characters (the
/// Postgres and Glue limits: the dataset names its root table), not starting with a digit (not a valid start of an
/// unquoted identifier) nor with <see cref="ReservedColumns.Prefix"/> (the normalizer's own names).
/// </summary>
public static class DatasetNames
{
    /// <summary>Null when <paramref name="name"/> is a valid dataset name; otherwise what is wrong with it.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) return "it is empty";
        if (name.Length > TableNamer.MaxLength) return $"it is {name.Length} characters long; at most {TableNamer.MaxLength} are allowed";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
                return "only lower-case letters a–z, digits and '_' are allowed";
        }

        if (char.IsAsciiDigit(name[0])) return "it starts with a digit";
        if (name.StartsWith(ReservedColumns.Prefix, StringComparison.Ordinal)) return $"names starting with '{ReservedColumns.Prefix}' are reserved";
        return null;
    }

    /// <summary>The valid name the normalizer makes of <paramref name="name"/> (<c>Orders 2024</c> → <c>orders_2024</c>): a suggestion for a refused one.</summary>
    public static string Suggest(string name) => new TableNamer(name).RootTable;
}
