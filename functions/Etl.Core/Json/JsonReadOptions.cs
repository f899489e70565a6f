namespace Etl.Core.Json;

/// <summary>Limits of the streaming JSON record reader.</summary>
public sealed record JsonReadOptions
{
    /// <summary>Default <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Default <see cref="MaxRecordBytes"/>: 256 MiB.</summary>
    public const int DefaultMaxRecordBytes = 256 * 1024 * 1024;

    /// <summary>Default <see cref="MaxFieldsPerObject"/>.</summary>
    public const int DefaultMaxFieldsPerObject = 1000;

    /// <summary>
    /// Deepest nesting allowed inside one record, counted as in json-samples/README.md: the record object is level 1
    /// and every nested object or array adds one (a top-level array wrapping the records does not count).
    /// </summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>
    /// Largest single record (one NDJSON line, one element of the top-level array, or the whole document when it is
    /// one object or value) in bytes. The reader holds one record in memory at a time, so this bounds its buffer.
    /// At most <see cref="Array.MaxLength"/>.
    /// </summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>
    /// An object field with more distinct keys than this across the input is treated as an open map, not a struct:
    /// its values are kept as JSON text in one column (reported), instead of one column per key.
    /// </summary>
    public int MaxFieldsPerObject { get; init; } = DefaultMaxFieldsPerObject;

    internal void Validate()
    {
        if (MaxDepth is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "MaxDepth must be between 1 and 1000.");
        if (MaxRecordBytes < 16) throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "MaxRecordBytes must be at least 16.");
        if (MaxFieldsPerObject < 1) throw new ArgumentOutOfRangeException(nameof(MaxFieldsPerObject), MaxFieldsPerObject, "MaxFieldsPerObject must be positive.");
    }
}
