namespace Etl.Core.Convert;

/// <summary>Shape of a JSON output: one object per line, or one array of objects.</summary>
public enum JsonOutputFormat
{
    Ndjson,
    Json,
}
