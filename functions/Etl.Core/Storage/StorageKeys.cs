using System.Buffers;
using System.Globalization;
using System.Text;

namespace Etl.Core.Storage;

/// <summary>
/// The storage layout of the design: uploads/{jobId}/{fileName}, output/{jobId}/{name}.{ext}, runs/{jobId}/…
/// Every key that reaches a store passes <see cref="Validate"/>, so no key can name a place outside the store.
/// <see cref="SegmentProblem"/> is the one rule for what a segment (and so a stored file name) may be;
/// <see cref="FileNames.TrySanitize"/> changes exactly what this rule forbids.
/// </summary>
public static class StorageKeys
{
    /// <summary>Longest key, in UTF-8 bytes (S3's limit).</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>
    /// Longest segment, in UTF-8 bytes. File systems cap a name at 255 bytes; the disk store's temporary name adds 42
    /// (".{name}.{32 hex digits}.partial"), and 200 leaves room for that.
    /// </summary>
    public const int MaxSegmentBytes = 200;

    public static string Upload(string jobId, string safeFileName) => Checked($"uploads/{jobId}/{safeFileName}");

    public static string Output(string jobId, string safeFileName, string outputFormat) =>
        Checked($"output/{jobId}/{FileNames.StripExtension(safeFileName)}.{outputFormat}");

    public static string Profile(string jobId) => Checked($"runs/{jobId}/profile.json");

    /// <summary>The schema inferred from a JSON upload, with widening notes.</summary>
    public static string Schema(string jobId) => Checked($"runs/{jobId}/schema.json");

    /// <summary>The folder of a normalized job's tables: <c>output/{jobId}/tables</c> (the LOCATION of their DDL).</summary>
    public static string TablesFolder(string jobId) => Checked($"output/{jobId}/tables");

    /// <summary>
    /// One normalized table's folder, <c>output/{jobId}/tables/{table}</c>: the table's own folder, because Athena and
    /// Glue read every file under a table's LOCATION, so tables cannot share one.
    /// </summary>
    public static string TableFolder(string jobId, string table) => Checked($"output/{jobId}/tables/{table}");

    /// <summary>One normalized table's Parquet file: <c>output/{jobId}/tables/{table}/{table}.parquet</c>.</summary>
    public static string Table(string jobId, string table) => Checked($"output/{jobId}/tables/{table}/{table}.parquet");

    /// <summary><c>runs/{jobId}/tables.json</c>: the tables a JSON input became.</summary>
    public static string Tables(string jobId) => Checked($"runs/{jobId}/tables.json");

    /// <summary><c>runs/{jobId}/changes.json</c>: a dataset version's changes and the policy's decision.</summary>
    public static string Changes(string jobId) => Checked($"runs/{jobId}/changes.json");

    /// <summary><c>runs/{jobId}/ddl.sql</c>: CREATE TABLE statements for a dataset version's tables.</summary>
    public static string Ddl(string jobId) => Checked($"runs/{jobId}/ddl.sql");

    /// <summary>
    /// A document of a dataset version in the catalog on AWS: <c>catalog/{dataset}/v{version}/{writeId}/{fileName}</c>
    /// (tables.json, changes.json: too big for a DynamoDB item). <paramref name="writeId"/> is fresh per registration
    /// attempt, so an attempt that loses the race for the version number never overwrites the winner's documents.
    /// </summary>
    public static string CatalogDocument(string dataset, int version, string writeId, string fileName) =>
        Checked(string.Create(CultureInfo.InvariantCulture, $"catalog/{dataset}/v{version}/{writeId}/{fileName}"));

    /// <summary>A file of an agent run: runs/{runId}/{path} (DESIGN.md "Agent runs"); <paramref name="path"/> may have folders.</summary>
    public static string RunFile(string runId, string path) => Checked($"runs/{runId}/{path}");

    /// <summary>The job an upload key belongs to (<c>uploads/{jobId}/…</c>), or null for other keys.</summary>
    public static string? UploadJobId(string key)
    {
        const string prefix = "uploads/";
        if (!key.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var end = key.IndexOf('/', prefix.Length);
        return end > prefix.Length ? key[prefix.Length..end] : null;
    }

    /// <summary>
    /// Throws <see cref="InvalidStorageKeyException"/> unless the key is relative, '/'-separated, at most
    /// <see cref="MaxKeyBytes"/> UTF-8 bytes, and every segment passes <see cref="SegmentProblem"/>.
    /// </summary>
    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyBytes || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new InvalidStorageKeyException(key, $"it is empty or longer than {MaxKeyBytes} bytes");
        }

        if (key[0] == '/')
        {
            throw new InvalidStorageKeyException(key, "it is absolute");
        }

        var rest = key.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (SegmentProblem(segment) is { } problem)
            {
                throw new InvalidStorageKeyException(key, problem);
            }

            if (slash < 0)
            {
                return;
            }

            rest = rest[(slash + 1)..];
        }
    }

    /// <summary>
    /// Null when <paramref name="segment"/> may be one segment of a key; otherwise why not. A segment is well-formed
    /// UTF-16 of at most <see cref="MaxSegmentBytes"/> UTF-8 bytes, made of characters <see cref="IsAllowed"/> accepts,
    /// that neither starts with '.' (reserved: "..", hidden files, the stores' temporary files) nor starts or ends with
    /// a space, nor ends with '.' (Windows drops those silently, so two keys would name one file).
    /// </summary>
    public static string? SegmentProblem(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return "it has an empty segment";
        }

        if (segment[0] == '.')
        {
            return "a segment starts with '.'";
        }

        var bytes = 0;
        var last = default(Rune);
        for (var i = 0; i < segment.Length; i += last.Utf16SequenceLength)
        {
            if (Rune.DecodeFromUtf16(segment[i..], out last, out _) != OperationStatus.Done)
            {
                return "a segment contains broken UTF-16 (a lone surrogate)";
            }

            if (!IsAllowed(last))
            {
                return $"a segment contains {Describe(last)}, which stored names cannot hold";
            }

            if (i == 0 && Rune.IsWhiteSpace(last))
            {
                return "a segment starts with a space";
            }

            bytes += last.Utf8SequenceLength;
        }

        if (last.Value == '.' || Rune.IsWhiteSpace(last))
        {
            return "a segment ends with '.' or a space";
        }

        return bytes > MaxSegmentBytes ? $"a segment is longer than {MaxSegmentBytes} bytes in UTF-8" : null;
    }

    /// <summary>
    /// Whether a character may appear in a segment: anything but control characters, line and paragraph separators,
    /// the separators '/' and '\', and the characters Windows file systems reserve (: * ? " &lt; &gt; |).
    /// </summary>
    public static bool IsAllowed(Rune rune) =>
        !Rune.IsControl(rune)
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
        && rune.Value is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|');

    private static string Describe(Rune rune) => Rune.IsControl(rune) || !Rune.IsLetterOrDigit(rune) && rune.Value > 0x7F
        ? $"U+{rune.Value:X4}"
        : $"'{rune}'";

    private static string Checked(string key)
    {
        Validate(key);
        return key;
    }
}

/// <summary>A storage key that could resolve outside the store or is otherwise malformed.</summary>
public sealed class InvalidStorageKeyException(string? key, string reason)
    : ArgumentException($"Storage key '{key}' is not allowed: {reason}.");
