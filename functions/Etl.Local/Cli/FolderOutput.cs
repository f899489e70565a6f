namespace Etl.Local.Cli;

/// <summary>
/// A folder a verb writes whole (etl normalize, etl dbt): built under a hidden temporary name beside the target and
/// renamed into place at the end, so a failed or interrupted run never leaves half a folder, and a replaced folder is
/// only removed once the new one is in place.
/// </summary>
internal static class FolderOutput
{
    /// <summary>Checks that <paramref name="target"/> may be written; returns its full path.</summary>
    public static string Check(string outputArgument, bool force)
    {
        var target = Path.GetFullPath(outputArgument);
        if (File.Exists(target)) throw new CliUsageException($"OUTDIR {outputArgument} is a file; name a folder to create");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !force)
            throw new CliUsageException($"OUTDIR {outputArgument} exists and is not empty; name a new folder, or add --force to replace it");
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent)) throw new CliUsageException($"the folder {parent} (where OUTDIR goes) does not exist; create it first");
        return target;
    }

    /// <summary>A new empty staging folder beside <paramref name="target"/>.</summary>
    public static string Stage(string target)
    {
        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Moves <paramref name="staging"/> to <paramref name="target"/>, replacing what was there only once the move succeeded.</summary>
    public static void Publish(string staging, string target)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            if (old is not null) Directory.Move(old, target);
            throw;
        }
        if (old is not null) TryDelete(old);
    }

    public static void TryDelete(string? folder)
    {
        if (folder is null) return;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
