using System.Runtime.InteropServices;

namespace Etl.Parquet.Compression;

/// <summary>
/// Binding to the system's libzstd, resolved with <see cref="NativeLibrary"/> into function pointers rather than
/// through [DllImport]: a missing library then surfaces as a clear message at the first ZSTD page instead of a
/// DllNotFoundException, and no assembly-wide DllImportResolver is claimed (there can be only one per assembly).
/// Contexts are cached per thread because creating one per page costs more than decoding a small page.
/// </summary>
internal static unsafe class ZstdLibrary
{
    public const string MissingMessage = "ZSTD needs libzstd.so.1; install the Debian package libzstd1";

    private static readonly nint Library = Load();

    private static readonly delegate* unmanaged<nint> CreateDCtx = (delegate* unmanaged<nint>)Export("ZSTD_createDCtx");
    private static readonly delegate* unmanaged<nint, nuint> FreeDCtx = (delegate* unmanaged<nint, nuint>)Export("ZSTD_freeDCtx");
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint> DecompressDCtx =
        (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint>)Export("ZSTD_decompressDCtx");
    private static readonly delegate* unmanaged<nint> CreateCCtx = (delegate* unmanaged<nint>)Export("ZSTD_createCCtx");
    private static readonly delegate* unmanaged<nint, nuint> FreeCCtx = (delegate* unmanaged<nint, nuint>)Export("ZSTD_freeCCtx");
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int, nuint> CompressCCtx =
        (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int, nuint>)Export("ZSTD_compressCCtx");
    private static readonly delegate* unmanaged<nuint, uint> IsErrorCode = (delegate* unmanaged<nuint, uint>)Export("ZSTD_isError");
    private static readonly delegate* unmanaged<nuint, byte*> GetErrorName = (delegate* unmanaged<nuint, byte*>)Export("ZSTD_getErrorName");
    private static readonly delegate* unmanaged<int> MinCLevel = (delegate* unmanaged<int>)Export("ZSTD_minCLevel");
    private static readonly delegate* unmanaged<int> MaxCLevel = (delegate* unmanaged<int>)Export("ZSTD_maxCLevel");

    // Declared after the exports: static initializers run in text order.
    private static readonly bool Available =
        CreateDCtx != null && FreeDCtx != null && DecompressDCtx != null
        && CreateCCtx != null && FreeCCtx != null && CompressCCtx != null
        && IsErrorCode != null && GetErrorName != null && MinCLevel != null && MaxCLevel != null;

    [ThreadStatic] private static Context? t_decompression;
    [ThreadStatic] private static Context? t_compression;

    /// <summary>Whether libzstd was found and exports everything used here.</summary>
    public static bool IsAvailable => Available;

    public static int MinLevel => MinCLevel();

    public static int MaxLevel => MaxCLevel();

    /// <summary>ZSTD_decompressDCtx: all frames in the source, into at most <paramref name="capacity"/> bytes.</summary>
    public static nuint Decompress(byte* destination, nuint capacity, byte* source, nuint sourceLength)
    {
        Context context = t_decompression ??= new Context(CreateDCtx(), FreeDCtx);
        return DecompressDCtx(context.Pointer, destination, capacity, source, sourceLength);
    }

    /// <summary>ZSTD_compressCCtx: one frame at <paramref name="level"/>.</summary>
    public static nuint Compress(byte* destination, nuint capacity, byte* source, nuint sourceLength, int level)
    {
        Context context = t_compression ??= new Context(CreateCCtx(), FreeCCtx);
        return CompressCCtx(context.Pointer, destination, capacity, source, sourceLength, level);
    }

    public static bool IsError(nuint code) => IsErrorCode(code) != 0;

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((nint)GetErrorName(code)) ?? "unknown error";

    private static nint Load()
    {
        foreach (string name in (ReadOnlySpan<string>)["libzstd.so.1", "libzstd.so", "libzstd"])
        {
            if (NativeLibrary.TryLoad(name, out nint handle)) return handle;
        }
        return 0;
    }

    private static nint Export(string name) =>
        Library != 0 && NativeLibrary.TryGetExport(Library, name, out nint address) ? address : 0;

    /// <summary>A libzstd context owned by one thread; freed by the finalizer once that thread is gone.</summary>
    private sealed class Context : SafeHandle
    {
        private readonly delegate* unmanaged<nint, nuint> _free;

        public Context(nint pointer, delegate* unmanaged<nint, nuint> free) : base(0, ownsHandle: true)
        {
            if (pointer == 0) throw new InsufficientMemoryException("libzstd could not allocate a context");
            SetHandle(pointer);
            _free = free;
        }

        public nint Pointer => handle;

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            _free(handle);
            return true;
        }
    }
}
