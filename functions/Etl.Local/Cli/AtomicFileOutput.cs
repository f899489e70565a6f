namespace Etl.Local.Cli;

/// <summary>
/// Writes to a temporary file beside the destination and renames it into place only on success, so a failed
/// conversion never leaves a partial output (or destroys an existing file of the same name). For regular files
/// only: a device or pipe is written into (<see cref="CliOutput"/>).
/// </summary>
internal sealed class AtomicFileOutput : IDisposable
{
    private readonly string _destination;
    private readonly string _temporary;
    private bool _committed;

    public AtomicFileOutput(string destination, string name)
    {
        _destination = Path.GetFullPath(destination);
        var directory = Path.GetDirectoryName(_destination) ?? ".";
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"the output folder '{directory}' does not exist");
        _temporary = Path.Combine(directory, $".{Path.GetFileName(_destination)}.{Guid.NewGuid():N}.tmp");
        Stream = new OutputStream(new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20), name, seekable: true);
    }

    public OutputStream Stream { get; }

    public void Commit()
    {
        Stream.Flush(toDisk: true);
        Stream.Dispose();
        System.IO.File.Move(_temporary, _destination, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed) System.IO.File.Delete(_temporary);
    }
}
