namespace Etl.Core.Normalize;

/// <summary>
/// The columns the normalizer adds to every table. A user key can never produce one of these names: every name
/// starting with <see cref="Prefix"/> is reserved, so columns added in later versions cannot clash with data
/// loaded today.
/// </summary>
public static class ReservedColumns
{
    /// <summary>The prefix of every reserved column (and table) name.</summary>
    public const string Prefix = "_etl_";

    /// <summary>The row's own key: a hash of its natural key, or of its parent key and position.</summary>
    public const string Key = "_etl_key";

    /// <summary>The key of the parent row (child tables only).</summary>
    public const string ParentKey = "_etl_parent_key";

    /// <summary>The key of the root row the child row belongs to (child tables only).</summary>
    public const string RootKey = "_etl_root_key";

    /// <summary>The zero-based position of the element in its parent's array (child tables only).</summary>
    public const string Position = "_etl_position";

    /// <summary>Every reserved column, in the order the normalizer writes them.</summary>
    public static IReadOnlyList<string> All { get; } = [Key, ParentKey, RootKey, Position];

    /// <summary>True when <paramref name="name"/> belongs to the normalizer rather than to the data.</summary>
    public static bool IsReserved(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);
}
