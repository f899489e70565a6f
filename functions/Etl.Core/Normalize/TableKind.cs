namespace Etl.Core.Normalize;

/// <summary>What a table's rows are.</summary>
internal enum TableKind
{
    /// <summary>The input records (objects, or any values under a single <c>value</c> column).</summary>
    Root,

    /// <summary>The object elements of an array.</summary>
    Objects,

    /// <summary>The scalar elements of an array, in a <c>value</c> column.</summary>
    Scalars,

    /// <summary>The entries of an object whose keys are data: a <c>key</c> column and the value's columns.</summary>
    Map,
}
