namespace Etl.Core.Normalize;

/// <summary>
/// Why a name differs from its source path. When several rules applied, the one latest in this list is
/// reported, because it is the one a reader cannot guess from the source key.
/// </summary>
public enum NameChangeReason
{
    /// <summary>
    /// Lower-cased, snake_cased, transliterated or stripped of characters outside <c>[a-z0-9_]</c> (also when
    /// only the parent table's name changed).
    /// </summary>
    Normalized,

    /// <summary>The name started with the reserved prefix <see cref="ReservedColumns.Prefix"/> and got <c>user</c> in front.</summary>
    Reserved,

    /// <summary>Longer than <see cref="TableNamer.MaxLength"/>: shortened readably with a hash of the full path.</summary>
    Shortened,

    /// <summary>Another path already had the name: a numeric suffix (<c>_2</c>, <c>_3</c>, …) was added.</summary>
    Clash,
}
