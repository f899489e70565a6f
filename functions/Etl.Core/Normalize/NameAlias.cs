namespace Etl.Core.Normalize;

/// <summary>
/// Records that a source path got a name different from its keys joined with <c>__</c>, so a reader can always
/// find where a table or column came from.
/// </summary>
/// <param name="Kind">Whether a table or a column was named.</param>
/// <param name="Table">
/// For a column, the table it belongs to; for a child table, its parent table; null for the root table.
/// </param>
/// <param name="Path">The source keys, relative to <paramref name="Table"/> (empty for the root table).</param>
/// <param name="Original">The source name: the raw keys joined with <c>__</c> (for a table, after its parent's source name).</param>
/// <param name="Name">The name given.</param>
/// <param name="Reason">The rule that changed it.</param>
public sealed record NameAlias(
    NameKind Kind, string? Table, IReadOnlyList<string> Path, string Original, string Name, NameChangeReason Reason);
