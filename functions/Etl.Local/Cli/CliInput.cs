using Etl.Parquet;
using Etl.Parquet.File;

namespace Etl.Local.Cli;

/// <summary>
/// The IN of a file verb: a regular file, read in place; or a pipe, FIFO, device or standard input (<c>-</c>),
/// opened once, its first bytes peeked to tell Parquet from JSON without consuming them, and copied to a temporary
/// file (up to <see cref="SpoolLimit"/>) only when it must be read at random or twice.
/// </summary>
internal sealed class CliInput : IDisposable
{
    private const int HeadLength = 4;
    private readonly string _argument;
    private readonly byte[] _head = new byte[HeadLength];
    private int _headLength;
    private Stream? _stream;

    /// <summary>Finds IN without opening it (opening a FIFO waits for its writer): missing or a folder is a usage error.</summary>
    public CliInput(string argument)
    {
        _argument = argument;
        Name = argument == "-" ? "standard input" : $"'{argument}'";
        Identity = argument == "-" ? FileIdentity.Of("/proc/self/fd/0") : FileIdentity.Of(argument) ?? throw new FileNotFoundException(null, argument);
        if (Identity is { Kind: FileKind.Directory }) throw new CliUsageException($"{Name} is a folder; name a file");
    }

    /// <summary>IN as messages name it: <c>'path'</c> or <c>standard input</c>.</summary>
    public string Name { get; }

    public FileIdentity? Identity { get; }

    /// <summary>File name for reports: the path's last part, or <c>-</c>.</summary>
    public string FileName => _argument == "-" ? "-" : Path.GetFileName(_argument);

    private bool IsRegular => Identity is { Kind: FileKind.Regular or FileKind.Unknown } && _argument != "-";

    /// <summary>Parquet's magic bytes (PARE, encrypted, included), or a <c>.parquet</c> name on something that does not start like JSON.</summary>
    public bool IsParquet => HasParquetMagic
        || (_argument.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && (_headLength == 0 || !StartsLikeJson(_head[0])));

    private bool HasParquetMagic => _head.AsSpan(0, _headLength) is var head && (head.SequenceEqual("PAR1"u8) || head.SequenceEqual("PARE"u8));

    /// <summary>Opens IN (waiting for a FIFO's writer) and reads its first bytes; an empty input is bad input.</summary>
    public void Open(string expected)
    {
        _stream = _argument == "-"
            ? Console.OpenStandardInput()
            : new FileStream(_argument, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, IsRegular ? FileOptions.SequentialScan : FileOptions.None);
        _headLength = _stream.ReadAtLeast(_head, HeadLength, throwOnEndOfStream: false);
        if (_stream.CanSeek && IsRegular) _stream.Position = 0;
        if (_headLength > 0) return;
        if (IsParquet)
            throw new CliInputException($"{Name} is an empty Parquet file (0 bytes); a Parquet file holds at least 12 bytes — was it written completely?");
        throw new CliInputException($"{Name} is empty (0 bytes); expected {expected}");
    }

    /// <summary>IN from its first byte, read once front to back.</summary>
    public Stream Sequential()
    {
        var stream = Opened();
        return IsRegular ? stream : new PeekedStream(_head, _headLength, stream);
    }

    /// <summary>IN as a seekable stream: the file itself, or a copy of the pipe in a temporary file (deleted already).</summary>
    public Stream Seekable(long spoolLimit, string why)
    {
        if (IsRegular) return Opened();
        var (spool, path) = Spool(spoolLimit, why);
        System.IO.File.Delete(path);
        return spool;
    }

    /// <summary>IN opened as Parquet (positional reads): the file itself, or a copy of the pipe in a temporary file.</summary>
    public ParquetFileReader Parquet(long spoolLimit, ParquetReadOptions? options = null)
    {
        if (IsRegular)
        {
            Opened().Dispose();
            return ParquetFileReader.Open(_argument, options);
        }
        // A pipe that does not start as Parquet would be copied whole only to be refused for its first bytes.
        if (_headLength == HeadLength && !HasParquetMagic)
            throw new ParquetFormatException("not a Parquet file: it does not start with the magic bytes PAR1").At(offset: 0);
        var (spool, path) = Spool(spoolLimit, "Parquet is read at random, from its footer at the end");
        try
        {
            spool.Dispose();
            return ParquetFileReader.Open(path, options);
        }
        finally
        {
            // The reader's handle keeps the bytes until it is disposed; the name goes now.
            System.IO.File.Delete(path);
        }
    }

    public void Dispose() => _stream?.Dispose();

    private Stream Opened() => _stream ?? throw new InvalidOperationException("Open the input first.");

    private (FileStream Spool, string Path) Spool(long limit, string why)
    {
        var source = Opened();
        var directory = Path.GetTempPath();
        var path = Path.Combine(directory, $"etl-spool-{Guid.NewGuid():N}.tmp");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 16);
        try
        {
            var buffer = new byte[1 << 20];
            _head.AsSpan(0, _headLength).CopyTo(buffer);
            var filled = _headLength;
            long total = 0;
            while (true)
            {
                var read = source.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                total += filled;
                if (total > limit) throw SpoolLimit.Exceeded(Name, limit, why);
                try
                {
                    spool.Write(buffer, 0, filled);
                    if (read == 0) spool.Flush();
                }
                catch (IOException e)
                {
                    throw new IOException($"cannot copy {Name} to a temporary file in {directory}: {e.Message}; free space there, set TMPDIR to another folder, or pass a regular file", e);
                }
                filled = 0;
                if (read == 0) break;
            }
            spool.Position = 0;
            return (spool, path);
        }
        catch
        {
            spool.Dispose();
            System.IO.File.Delete(path);
            throw;
        }
    }

    /// <summary>What JSON text can start with: a value, whitespace, or a UTF-8 byte order mark.</summary>
    private static bool StartsLikeJson(byte first) =>
        first is (byte)'{' or (byte)'[' or (byte)'"' or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF
        || first is >= (byte)'0' and <= (byte)'9';
}
