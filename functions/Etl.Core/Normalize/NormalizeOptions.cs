using System.Text.Json;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Normalize;

/// <summary>How an array of scalars is stored.</summary>
public enum ScalarArrayLayout
{
    /// <summary>A child table with a <c>value</c> column (the default: every engine can join it).</summary>
    Table,

    /// <summary>A Parquet LIST column in the parent row.</summary>
    List,
}

/// <summary>Settings for one path of the input (<c>payload.commits</c>: keys from the record, array hops left out).</summary>
/// <param name="Arrays">How the array of scalars at this path is stored; null = the default (<see cref="ScalarArrayLayout.Table"/>).</param>
/// <param name="MaxTableNesting">Child-table levels allowed from this path down (0 = the array here stays a JSON column); null = inherited.</param>
public sealed record PathOptions(ScalarArrayLayout? Arrays = null, int? MaxTableNesting = null);

/// <summary>
/// Options of a normalization (the trigger's <c>options</c> object, or <c>etl normalize --options</c>):
/// <c>{"maxTableNesting": 3, "paths": {"payload.commits": {"arrays": "list"}, "a.b": {"maxTableNesting": 1}}}</c>.
/// </summary>
public sealed record NormalizeOptions
{
    /// <summary>The default <see cref="MaxTableNesting"/>: deep enough for real documents (OCDS nests 3–4 levels), shallow enough to stop runaway recursion.</summary>
    public const int DefaultMaxTableNesting = 5;

    /// <summary>Child-table levels below the root table; an array deeper than that stays a JSON text column.</summary>
    public int MaxTableNesting { get; init; } = DefaultMaxTableNesting;

    /// <summary>Per-path settings, keyed by dotted path (see <see cref="PathOptions"/>).</summary>
    public IReadOnlyDictionary<string, PathOptions> Paths { get; init; } = new Dictionary<string, PathOptions>();

    /// <summary>
    /// Distinct values tracked per natural-key candidate (64-bit hashes: about 40 bytes each); a table with more rows
    /// gets no natural key, and its reason says so.
    /// </summary>
    public int KeyTrackingLimit { get; init; } = 2_000_000;

    /// <summary>Reader limits.</summary>
    public JsonReadOptions Read { get; init; } = new();

    /// <summary>Writer settings; the row-group size is also capped per table so memory stays bounded with many tables (see <see cref="TableMemoryBytes"/>).</summary>
    public ParquetWriterOptions Writer { get; init; } = ParquetWriterOptions.Default;

    /// <summary>Bytes of buffered rows shared by all tables (each table holds two row groups: one filling, one being written).</summary>
    public long TableMemoryBytes { get; init; } = 192L * 1024 * 1024;

    /// <summary>Cores for pass one over NDJSON (the inference and the survey read each block at once); 1 = one thread.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Input bytes per block of lines in pass one over NDJSON (small in tests, to cut often).</summary>
    internal int SurveyBlockBytes { get; init; } = 1024 * 1024;

    /// <summary>Receives the fraction done (0–1): the survey is the first half, the writing the second.</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>
    /// Reads the options object of a trigger or of <c>--options</c>. Throws <see cref="NormalizeOptionsException"/>
    /// naming the bad member and what is allowed. Null or blank text gives the defaults.
    /// </summary>
    public static NormalizeOptions Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new NormalizeOptions();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new NormalizeOptionsException($"the options are not valid JSON ({e.Message}); expected e.g. {Example}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NormalizeOptionsException($"the options must be a JSON object, not {Kind(root)}; expected e.g. {Example}");
            var options = new NormalizeOptions();
            var paths = new Dictionary<string, PathOptions>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "maxTableNesting":
                        options = options with { MaxTableNesting = Nesting(member.Value, "maxTableNesting") };
                        break;
                    case "paths":
                        if (member.Value.ValueKind != JsonValueKind.Object)
                            throw new NormalizeOptionsException($"'paths' must be an object of path → settings, not {Kind(member.Value)}; expected e.g. {Example}");
                        foreach (var path in member.Value.EnumerateObject()) paths[CanonicalPath(path.Name)] = Path(path.Name, path.Value);
                        break;
                    default:
                        throw new NormalizeOptionsException($"unknown option '{member.Name}'; the options are maxTableNesting (a number) and paths (an object), e.g. {Example}");
                }
            }
            return options with { Paths = paths };
        }
    }

    /// <summary>The settings for <paramref name="path"/>, or null.</summary>
    internal PathOptions? For(string path) => Paths.TryGetValue(path, out var settings) ? settings : null;

    /// <summary><c>a[].b</c> and <c>a.b</c> name the same path: array hops are not written.</summary>
    internal static string CanonicalPath(string path) => path.Replace("[]", "", StringComparison.Ordinal).Trim('.');

    private const string Example = "{\"maxTableNesting\": 3, \"paths\": {\"payload.commits\": {\"arrays\": \"list\"}, \"a.b\": {\"maxTableNesting\": 1}}}";

    private static PathOptions Path(string path, JsonElement value)
    {
        if (path.Trim().Length == 0) throw new NormalizeOptionsException("a key of 'paths' is empty; name a path such as \"payload.commits\"");
        if (value.ValueKind != JsonValueKind.Object)
            throw new NormalizeOptionsException($"paths.\"{path}\" must be an object such as {{\"arrays\": \"list\"}} or {{\"maxTableNesting\": 1}}, not {Kind(value)}");
        ScalarArrayLayout? arrays = null;
        int? nesting = null;
        foreach (var member in value.EnumerateObject())
        {
            switch (member.Name)
            {
                case "arrays":
                    arrays = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() switch
                    {
                        "list" => ScalarArrayLayout.List,
                        "table" => ScalarArrayLayout.Table,
                        _ => null,
                    } : null;
                    if (arrays is null) throw new NormalizeOptionsException($"paths.\"{path}\".arrays must be \"table\" or \"list\", not {member.Value.GetRawText()}");
                    break;
                case "maxTableNesting":
                    nesting = Nesting(member.Value, $"paths.\"{path}\".maxTableNesting");
                    break;
                default:
                    throw new NormalizeOptionsException($"unknown setting '{member.Name}' in paths.\"{path}\"; the settings of a path are arrays (\"table\" | \"list\") and maxTableNesting (a number)");
            }
        }
        return new PathOptions(arrays, nesting);
    }

    private static int Nesting(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 32) return n;
        throw new NormalizeOptionsException($"{where} must be a whole number from 0 to 32, not {value.GetRawText()}");
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "an object",
    };
}

/// <summary>Normalization options that cannot be used; the message names the option and what is allowed.</summary>
public sealed class NormalizeOptionsException(string message) : Exception(message);
