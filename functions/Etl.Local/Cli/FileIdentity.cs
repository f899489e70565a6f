using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Etl.Local.Cli;

/// <summary>What kind of file a path names (symbolic links followed).</summary>
internal enum FileKind
{
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Unknown,
}

/// <summary>
/// The kind and identity (device and inode) of the file a path names, symbolic links followed: what tells a
/// regular file (written beside and renamed into place) from a device or pipe (written into), and IN from OUT
/// when they are one file under two names (<c>./x</c>, a symbolic or a hard link). .NET exposes neither, so this
/// asks the kernel (<c>statx</c>, whose layout is the same on every Linux architecture); where that is not
/// available every existing path counts as a regular file of its own.
/// </summary>
internal readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode)
{
    private const int AtCurrentDirectory = -100;
    private const uint BasicStats = 0x7ff;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;
    private static bool _statxMissing;

    /// <summary>The file <paramref name="path"/> names, or null when nothing exists there.</summary>
    public static FileIdentity? Of(string path)
    {
        if (!_statxMissing && OperatingSystem.IsLinux())
        {
            var buffer = new byte[256];
            try
            {
                if (statx(AtCurrentDirectory, path, 0, BasicStats, buffer) == 0) return FromStatx(buffer);
                var error = Marshal.GetLastPInvokeError();
                if (error == NoSuchFile || error == NotADirectory) return null;
            }
            catch (EntryPointNotFoundException)
            {
                _statxMissing = true;
            }
            catch (DllNotFoundException)
            {
                _statxMissing = true;
            }
        }
        if (Directory.Exists(path)) return new FileIdentity(FileKind.Directory, 0, 0);
        return System.IO.File.Exists(path) ? new FileIdentity(FileKind.Unknown, 0, 0) : null;
    }

    /// <summary>Whether both name one file; never true when the kernel could not say.</summary>
    public bool IsSameFileAs(FileIdentity other) => Kind != FileKind.Unknown && Device == other.Device && Inode == other.Inode;

    private static FileIdentity FromStatx(ReadOnlySpan<byte> statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
        return new FileIdentity(kind, device, inode);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // DllImport rather than LibraryImport: no unsafe code in this project for one call.
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392
}
