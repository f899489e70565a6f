using Etl.Core.Validation;

namespace Etl.Core.Pipeline;

/// <summary>The outputFormat values of a trigger, and which fit which input.</summary>
public static class OutputFormats
{
    public const string Ndjson = "ndjson";
    public const string Json = "json";
    public const string Parquet = "parquet";

    /// <summary>Parquet converts to NDJSON by default; JSON and NDJSON convert to Parquet, or to NDJSON/JSON normalized by the same inference.</summary>
    public static string DefaultFor(FileKind input) => input == FileKind.Parquet ? Ndjson : Parquet;

    /// <summary>Null when <paramref name="outputFormat"/> fits <paramref name="input"/>; otherwise why not.</summary>
    public static string? Problem(FileKind input, string outputFormat) => (input, outputFormat) switch
    {
        (FileKind.Zip, _) => "The upload is a dbt project zip, which is not converted: pass its jobId as existingProjectLocation to POST /agent-invoke to have the agents update it.",
        (FileKind.Parquet, Ndjson or Json) => null,
        (FileKind.Parquet, Parquet) => "The input is already Parquet; choose outputFormat \"ndjson\" (default) or \"json\".",
        (_, Parquet or Ndjson or Json) => null,
        _ => $"outputFormat \"{outputFormat}\" is not known; use \"ndjson\", \"json\" or \"parquet\".",
    };
}
