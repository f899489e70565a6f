using System.Runtime.CompilerServices;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Parquet.Tests.File;

/// <summary>Reads builder-made files back the way the product does: <see cref="ParquetFileReader"/> + <see cref="ParquetToJson"/>.</summary>
internal static class BuiltFile
{
    /// <summary>
    /// Set this environment variable to a folder to keep every file the tests build (named after the test), e.g. to
    /// check them with another Parquet implementation; the tests themselves never need one.
    /// </summary>
    public const string DumpVariable = "ETL_PARQUET_BUILDER_DUMP";

    /// <summary>The NDJSON lines the converter writes for <paramref name="file"/>.</summary>
    public static string[] Rows(byte[] file, ParquetReadOptions? read = null, [CallerMemberName] string name = "")
    {
        Dump(file, name);
        var output = new MemoryStream();
        ParquetToJson.Convert(new MemoryStream(file), output, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { Read = read });
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        if (text.Length == 0) return [];
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    /// <summary>Asserts the converter's lines equal <paramref name="expected"/>, one row per line.</summary>
    public static void AssertRows(byte[] file, string[] expected, ParquetReadOptions? read = null, [CallerMemberName] string name = "") =>
        Assert.Equal(expected, Rows(file, read, name));

    /// <summary>The <see cref="ParquetFormatException"/> (or a subclass) the conversion fails with.</summary>
    public static ParquetFormatException Failure(byte[] file, ParquetReadOptions? read = null, [CallerMemberName] string name = "")
    {
        Dump(file, name);
        var error = Record.Exception(() =>
            ParquetToJson.Convert(new MemoryStream(file), Stream.Null, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { Read = read }));
        Assert.NotNull(error);
        return Assert.IsAssignableFrom<ParquetFormatException>(error);
    }

    public static void Dump(byte[] file, string name)
    {
        if (Environment.GetEnvironmentVariable(DumpVariable) is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        System.IO.File.WriteAllBytes(Path.Combine(folder, name + ".parquet"), file);
    }
}
