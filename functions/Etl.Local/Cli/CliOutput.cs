namespace Etl.Local.Cli;

/// <summary>
/// The OUT of <c>etl convert</c>. A regular file (or a new name) gets a temporary file beside it, renamed into
/// place on success (through a symbolic link, onto the file it points to). Anything else — standard output
/// (<c>-</c>, <c>/dev/stdout</c>), a character device (<c>/dev/null</c>, <c>/dev/full</c>, a terminal), a FIFO, any
/// existing name under /dev or /proc — is written into as it is and never replaced.
/// </summary>
internal sealed class CliOutput
{
    private readonly string _argument;

    /// <summary>Finds OUT without opening it (opening a FIFO waits for its reader).</summary>
    public CliOutput(string argument)
    {
        _argument = argument;
        IsStandardOutput = argument is "-" or "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1";
        Name = argument == "-" ? "standard output" : $"'{argument}'";
        Identity = FileIdentity.Of(IsStandardOutput ? "/proc/self/fd/1" : argument);
        if (Identity is { Kind: FileKind.Directory } && !IsStandardOutput) throw new CliUsageException($"{Name} is a folder; name an output file");
    }

    /// <summary>OUT as messages name it.</summary>
    public string Name { get; }

    public FileIdentity? Identity { get; }

    /// <summary>This process's standard output, however named: NDJSON unless told otherwise.</summary>
    public bool IsStandardOutput { get; }

    /// <summary>Not a regular file, or a name the system owns (never a temporary file beside it, never a rename over it).</summary>
    private bool WrittenInPlace => Identity is { } identity
        && (identity.Kind is not (FileKind.Regular or FileKind.Unknown) || IsUnder(Path.GetFullPath(_argument), "/dev/", "/proc/"));

    private static bool IsUnder(string path, params string[] folders)
    {
        foreach (var folder in folders)
        {
            if (path.StartsWith(folder, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Refuses IN and OUT that are one file (under two names, or through a link) before anything is written.</summary>
    public void RefuseToOverwrite(CliInput input)
    {
        // A terminal is read from and written to at once; every other file would be replaced while it is being read.
        if (Identity is { } output && input.Identity is { } source && output.IsSameFileAs(source) && output.Kind != FileKind.CharacterDevice)
            throw new CliUsageException($"{input.Name} and {Name} are the same file; write the output to another file");
    }

    /// <summary>Runs <paramref name="convert"/> on OUT and completes OUT only when it returns.</summary>
    public void Write(Action<Stream> convert)
    {
        if (IsStandardOutput)
        {
            using var stdout = new OutputStream(new BufferedStream(Console.OpenStandardOutput(), 1 << 20), Name, seekable: false);
            convert(stdout);
            stdout.Flush();
            return;
        }
        if (WrittenInPlace)
        {
            // A regular file reached through /dev/fd/N or /proc is rewritten from its start.
            var mode = Identity is { Kind: FileKind.Regular } ? FileMode.Truncate : FileMode.Open;
            using var device = new OutputStream(new FileStream(_argument, mode, FileAccess.Write, FileShare.ReadWrite, 1 << 20), Name, seekable: false);
            convert(device);
            device.Flush();
            return;
        }
        var destination = Identity is null ? _argument : System.IO.File.ResolveLinkTarget(Path.GetFullPath(_argument), returnFinalTarget: true)?.FullName ?? _argument;
        using var file = new AtomicFileOutput(destination, Name);
        convert(file.Stream);
        file.Commit();
    }
}
