using System.Runtime.InteropServices;

namespace Etl.Adapters.Local.Storage;

/// <summary>
/// Gives a finished temporary file its final name only if that name is free, atomically. <c>File.Move</c> with
/// <c>overwrite: false</c> cannot: on Unix .NET checks that the target is absent and then renames, so racing writers
/// can all "win" and the last rename replaces the others' bytes — exactly what write-once inputs must never allow.
/// <c>link(2)</c> fails with EEXIST when the name is taken, in one step.
/// </summary>
internal static class NewNamePublisher
{
    private const int AlreadyExists = 17; // EEXIST on Linux (and every Unix this runs on)

    /// <summary>Publishes <paramref name="temp"/> as <paramref name="path"/>; false when the name was already taken.</summary>
    public static bool TryPublish(string temp, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically when the target exists.
            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        if (link(temp, path) == 0)
        {
            File.Delete(temp);
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == AlreadyExists
            ? false
            : throw new IOException($"Could not publish '{path}' (link failed with errno {error}); the data directory must be on a file system with hard links.");
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // DllImport rather than LibraryImport: no unsafe code in this project for one call.
    private static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
#pragma warning restore SYSLIB1054, CA5392
}
