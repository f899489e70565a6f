namespace Etl.Core.Storage;

/// <summary>
/// The storage layout of the design: uploads/{jobId}/{fileName}, output/{jobId}/{name}.{ext}, runs/{jobId}/…
/// Every key that reaches a store passes <see cref="Validate"/>, so no key can name a place outside the store.
/// </summary>
public static class StorageKeys
{
    public static string Upload(string jobId, string safeFileName) => Checked($"uploads/{jobId}/{safeFileName}");

    public static string Output(string jobId, string safeFileName, string outputFormat) =>
        Checked($"output/{jobId}/{FileNames.StripExtension(safeFileName)}.{outputFormat}");

    public static string Profile(string jobId) => Checked($"runs/{jobId}/profile.json");

    /// <summary>The schema inferred from a JSON upload, with widening notes.</summary>
    public static string Schema(string jobId) => Checked($"runs/{jobId}/schema.json");

    /// <summary>The job an upload key belongs to (<c>uploads/{jobId}/…</c>), or null for other keys.</summary>
    public static string? UploadJobId(string key)
    {
        const string prefix = "uploads/";
        if (!key.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var end = key.IndexOf('/', prefix.Length);
        return end > prefix.Length ? key[prefix.Length..end] : null;
    }

    /// <summary>
    /// Throws <see cref="InvalidStorageKeyException"/> unless the key is relative, '/'-separated, and every segment is a
    /// plain name: not empty, not starting with '.', no backslash, colon or control character.
    /// </summary>
    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024)
        {
            throw new InvalidStorageKeyException(key, "it is empty or longer than 1024 characters");
        }

        if (key[0] == '/')
        {
            throw new InvalidStorageKeyException(key, "it is absolute");
        }

        foreach (var segment in key.Split('/'))
        {
            // Leading dots are reserved: "..", hidden files, and the stores' own temporary files all start with one.
            if (segment.Length == 0 || segment[0] == '.')
            {
                throw new InvalidStorageKeyException(key, "it has an empty segment or one starting with '.'");
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c) || c is '\\' or ':' || char.IsSurrogate(c))
                {
                    throw new InvalidStorageKeyException(key, "it contains a backslash, colon or control character");
                }
            }
        }
    }

    private static string Checked(string key)
    {
        Validate(key);
        return key;
    }
}

/// <summary>A storage key that could resolve outside the store or is otherwise malformed.</summary>
public sealed class InvalidStorageKeyException(string? key, string reason)
    : ArgumentException($"Storage key '{key}' is not allowed: {reason}.");
