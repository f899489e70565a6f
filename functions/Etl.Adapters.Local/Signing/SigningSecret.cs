using System.Security.Cryptography;
using Etl.Adapters.Local.Storage;

namespace Etl.Adapters.Local.Signing;

/// <summary>
/// The HMAC key of the local signed URLs: 32 random bytes created on first start and kept in the data directory, so
/// URLs stay valid across restarts. Created under a temporary name and moved into place, so a concurrent start never
/// reads half a key.
/// </summary>
public static class SigningSecret
{
    public const string FileName = "signing.key";
    private const int Length = 32;

    public static byte[] LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var temp = TemporaryFiles.Beside(path);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temp, options))
            {
                file.Write(RandomNumberGenerator.GetBytes(Length));
                file.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
                File.Delete(temp);
            }
        }

        var key = File.ReadAllBytes(path);
        return key.Length == Length
            ? key
            : throw new InvalidDataException($"The signing key {path} has {key.Length} bytes instead of {Length}. Delete it to create a new one (outstanding links stop working).");
    }
}
