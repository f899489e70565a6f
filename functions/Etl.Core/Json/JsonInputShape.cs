namespace Etl.Core.Json;

/// <summary>How the records of a JSON input are laid out, detected from its first non-whitespace byte.</summary>
public enum JsonInputShape
{
    /// <summary>Top-level objects one after another (<c>{</c> first): NDJSON / JSON Lines, or a single object.</summary>
    Objects,

    /// <summary>One top-level array (<c>[</c> first); each element is a record.</summary>
    Array,

    /// <summary>A single top-level scalar (string, number, true, false, null): one record.</summary>
    Value,
}
