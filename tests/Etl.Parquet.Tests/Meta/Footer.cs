namespace Etl.Parquet.Tests.Meta;

/// <summary>Reads the raw footer bytes of a corpus file: last 8 bytes are the little-endian length and the magic.</summary>
internal static class Footer
{
    public static (byte[] File, int Start, int Length, string Magic) Locate(string relativePath)
    {
        byte[] file = System.IO.File.ReadAllBytes(TestFiles.ParquetTesting(relativePath));
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8, 4));
        string magic = System.Text.Encoding.ASCII.GetString(file, file.Length - 4, 4);
        return (file, file.Length - 8 - length, length, magic);
    }

    public static byte[] Read(string relativePath)
    {
        var (file, start, length, _) = Locate(relativePath);
        return file.AsSpan(start, length).ToArray();
    }

    /// <summary>Every readable (PAR1, not deliberately bad) file of the corpus, relative to its root.</summary>
    public static IEnumerable<string> ReadableCorpusFiles()
    {
        string root = TestFiles.ParquetTesting("");
        return Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bad_data/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }
}
