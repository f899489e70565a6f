namespace Etl.Core.Validation;

/// <summary>The kinds of file the product accepts. Wire names are the lower-case names ("parquet", "json", "ndjson").</summary>
public enum FileKind
{
    Parquet,
    Json,
    Ndjson,

    /// <summary>A dbt project as a zip: never converted, only named as the project an agent job updates.</summary>
    Zip,
}

/// <summary>Works out what a client says a file is, from its name and content type.</summary>
public static class FileKinds
{
    public const string SupportedDescription = "Parquet (.parquet), JSON (.json) or NDJSON (.ndjson, .jsonl) — or a dbt project (.zip) for the agents to update";

    public static string ToWire(this FileKind kind) => kind switch
    {
        FileKind.Parquet => "parquet",
        FileKind.Json => "json",
        FileKind.Ndjson => "ndjson",
        FileKind.Zip => "zip",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static FileKind ParseWire(string wire) => wire switch
    {
        "parquet" => FileKind.Parquet,
        "json" => FileKind.Json,
        "ndjson" => FileKind.Ndjson,
        "zip" => FileKind.Zip,
        _ => throw new FormatException($"Unknown file kind '{wire}'."),
    };

    /// <summary>
    /// The kind the client declares: by extension first, then by content type. Returns <see cref="Declared.Unknown"/>
    /// when neither says anything, <see cref="Declared.Unsupported"/> when they name something we do not take.
    /// </summary>
    public static Declared FromName(string fileName, string? contentType)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".parquet" or ".parq" or ".pq":
                return Declared.Of(FileKind.Parquet);
            case ".json":
                return Declared.Of(FileKind.Json);
            case ".ndjson" or ".jsonl":
                return Declared.Of(FileKind.Ndjson);
            case ".zip":
                return Declared.Of(FileKind.Zip);
            case "":
                break;
            default:
                return Declared.Unsupported;
        }

        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/vnd.apache.parquet" or "application/x-parquet" => Declared.Of(FileKind.Parquet),
            "application/json" => Declared.Of(FileKind.Json),
            "application/x-ndjson" or "application/jsonl" or "application/json-seq" => Declared.Of(FileKind.Ndjson),
            "application/zip" or "application/x-zip-compressed" => Declared.Of(FileKind.Zip),
            null or "" or "application/octet-stream" => Declared.Unknown,
            _ => Declared.Unsupported,
        };
    }

    /// <summary>What <see cref="FromName"/> concluded.</summary>
    public readonly record struct Declared(FileKind? Kind, bool IsUnsupported)
    {
        public static Declared Unknown => new(null, false);

        public static Declared Unsupported => new(null, true);

        public static Declared Of(FileKind kind) => new(kind, false);
    }
}
