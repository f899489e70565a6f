namespace Etl.Adapters.Local.Storage;

/// <summary>
/// The local adapters' temporary files: a file is written beside its target as <c>.{name}.{32 hex digits}.partial</c>
/// and renamed over the target when complete. No storage key names such a file (keys never start with '.'), so what a
/// crash leaves is recognisable by name alone, and <see cref="RemoveLeftovers"/> removes it at the next start.
/// </summary>
public static class TemporaryFiles
{
    private const string Suffix = ".partial";
    private const int UniqueLength = 32; // Guid "N": 32 lower-case hex digits

    private static readonly EnumerationOptions Everything = new()
    {
        RecurseSubdirectories = true,
        // Skipping reparse points keeps the walk inside the directory: no symbolic link is followed. Hidden files
        // (ours start with '.') are otherwise skipped by default.
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    private static readonly EnumerationOptions TopLevel = new() { AttributesToSkip = FileAttributes.ReparsePoint };

    /// <summary>A fresh temporary name in the folder of <paramref name="path"/>.</summary>
    public static string Beside(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{Suffix}");

    /// <summary>Whether a file name is one <see cref="Beside"/> makes.</summary>
    public static bool IsTemporary(ReadOnlySpan<char> name)
    {
        // "." + at least one character + "." + 32 hex + ".partial"
        if (name.Length < 3 + UniqueLength + Suffix.Length || name[0] != '.' || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var unique = name[..^Suffix.Length][^UniqueLength..];
        if (name[^(Suffix.Length + UniqueLength + 1)] != '.')
        {
            return false;
        }

        foreach (var c in unique)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Deletes the temporary files below <paramref name="directory"/> that no live process holds open (writers open
    /// them exclusively). Symbolic links are not followed. Returns how many were deleted.
    /// </summary>
    public static int RemoveLeftovers(string directory)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + Suffix, Everything))
        {
            if (IsTemporary(Path.GetFileName(file.AsSpan())) && !InUse(file) && TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Deletes the files directly in a host's private scratch folder (everything there is temporary by where it is) that
    /// no live process holds open. Symbolic links are not followed. Returns how many were deleted.
    /// </summary>
    public static int EmptyScratch(string directory)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", TopLevel))
        {
            if (!InUse(file) && TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool InUse(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // left for the next start
        }
    }
}
