namespace Etl.Core.Json;

/// <summary>
/// A problem found while parsing one record, at a byte index into the record; the code that owns the
/// <see cref="JsonRecordReader"/> turns it into a positioned <see cref="JsonInputException"/>.
/// </summary>
internal sealed class RecordProblemException(long indexInRecord, JsonInputErrorKind kind, string reason) : Exception(reason)
{
    public long IndexInRecord { get; } = indexInRecord;
    public JsonInputErrorKind Kind { get; } = kind;
    public string Reason { get; } = reason;

    public const string LoneSurrogate = "a \\u escape holds an unpaired UTF-16 surrogate, which is not valid Unicode text";
}
