namespace Etl.Core.Json;

/// <summary>
/// What a pass over a JSON input learned about its layout, which the next pass uses to read it faster.
/// </summary>
/// <param name="Shape">NDJSON / objects, a top-level array, or a single value.</param>
/// <param name="IsNdjson">Every record is one line (<see cref="JsonRecordReader.IsNdjson"/>), so the input can be split at line ends and its parts read in parallel.</param>
/// <param name="LargestRecord">Bytes of the largest record, to size a reader's buffer once.</param>
internal readonly record struct InputLayout(JsonInputShape Shape, bool IsNdjson, int LargestRecord)
{
    public static InputLayout Of(JsonRecordReader records) => new(records.Shape, records.IsNdjson, records.LargestRecord);
}
