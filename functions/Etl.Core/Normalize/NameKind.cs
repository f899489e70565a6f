namespace Etl.Core.Normalize;

/// <summary>What a <see cref="NameAlias"/> names.</summary>
public enum NameKind
{
    /// <summary>A table of the dataset (the root or a child table).</summary>
    Table,

    /// <summary>A column of one table.</summary>
    Column,
}
