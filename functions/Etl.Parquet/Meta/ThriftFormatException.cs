namespace Etl.Parquet.Meta;

/// <summary>
/// Malformed Thrift metadata. <see cref="Position"/> is relative to the start of the decoded span, because only
/// the caller knows where that span sits in the file (it adds that via <see cref="ParquetFormatException.At"/>).
/// </summary>
internal class ThriftFormatException : ParquetFormatException
{
    public ThriftFormatException(string problem, int position)
        : base($"{problem} (Thrift byte {position})") => Position = position;

    /// <summary>Byte offset of the offending item from the start of the decoded span.</summary>
    public int Position { get; }

    /// <summary>Well-formed Thrift that breaks a Parquet rule (a missing required field, a negative size).</summary>
    public static ThriftFormatException InvalidMetadata(string problem, int position) =>
        new($"invalid metadata: {problem}", position);

    public static ThriftFormatException MissingField(string structName, string fieldName, int position) =>
        InvalidMetadata($"{structName} lacks required field '{fieldName}'", position);
}

/// <summary>
/// The Thrift data ended before the value was complete. Distinct from other malformations so a caller that
/// read only a prefix (a page header) can read more bytes and retry.
/// </summary>
internal sealed class ThriftTruncatedException : ThriftFormatException
{
    public ThriftTruncatedException(string problem, int position) : base(problem, position) { }
}
