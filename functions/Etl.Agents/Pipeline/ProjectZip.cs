using System.IO.Compression;
using System.Text;
using Etl.Core.Agents;

namespace Etl.Agents.Pipeline;

/// <summary>
/// A dbt project as a zip: written deterministically (fixed order and timestamps, so the same project zips to the same
/// bytes), and read defensively (an uploaded project is someone else's file: entry count, sizes, paths and encoding are
/// checked, and a bomb stops at the limit instead of filling the disk).
/// </summary>
public static class ProjectZip
{
    public const int MaxEntries = 5_000;
    public const long MaxTotalBytes = 50L * 1024 * 1024;
    public const long MaxFileBytes = 5L * 1024 * 1024;

    /// <summary>The error type of a project zip that cannot be read.</summary>
    public const string ErrorType = AgentErrorTypes.InvalidProject;

    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="files"/> under the folder <paramref name="root"/> of the zip.</summary>
    public static void Write(ProjectFiles files, string root, Stream output)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, content) in files.Files)
        {
            var entry = zip.CreateEntry(root + "/" + path, CompressionLevel.Optimal);
            entry.LastWriteTime = Epoch;
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }
    }

    /// <summary>
    /// Reads a project zip: text files only (binary files are skipped and named in <c>Skipped</c>), one shared top
    /// folder removed. Throws <see cref="InvalidDataException"/> saying what is wrong with the zip.
    /// </summary>
    public static (ProjectFiles Files, IReadOnlyList<string> Skipped) Read(Stream zipStream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the file is not a readable zip ({e.Message})", e);
        }

        using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
                throw new InvalidDataException($"the zip has {zip.Entries.Count} entries, more than the {MaxEntries} a dbt project may have");
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var skipped = new List<string>();
            long total = 0;
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // a folder
                var path = entry.FullName.Replace('\\', '/');
                if (ProjectFiles.PathProblem(path) is { } problem)
                    throw new InvalidDataException($"the entry '{Shorten(entry.FullName)}' cannot be part of a project: {problem}");
                if (entry.Length > MaxFileBytes)
                {
                    skipped.Add(path);
                    continue;
                }
                var bytes = ReadBounded(entry, MaxFileBytes);
                total += bytes.Length;
                if (total > MaxTotalBytes)
                    throw new InvalidDataException($"the zip expands to more than {MaxTotalBytes / (1024 * 1024)} MiB; a dbt project is text and much smaller");
                try
                {
                    files[path] = strict.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    skipped.Add(path); // not text: seeds of binary data, images
                }
            }
            return (new ProjectFiles(StripSharedFolder(files)), skipped);
        }
    }

    private static byte[] ReadBounded(ZipArchiveEntry entry, long limit)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                throw new InvalidDataException($"the entry '{Shorten(entry.FullName)}' expands past {limit / (1024 * 1024)} MiB (its header claims {entry.Length} bytes)");
        }
        return buffer.ToArray();
    }

    /// <summary>A project zipped with its folder (dbt_project/…) reads as the project itself.</summary>
    private static Dictionary<string, string> StripSharedFolder(Dictionary<string, string> files)
    {
        string? shared = null;
        foreach (var path in files.Keys)
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) return files;
            var top = path[..slash];
            if (shared is null) shared = top;
            else if (shared != top) return files;
        }
        if (shared is null || files.ContainsKey("dbt_project.yml")) return files;
        var stripped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in files) stripped[path[(shared.Length + 1)..]] = content;
        return stripped;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
