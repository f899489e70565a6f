using System.Text;
using Etl.Core.Validation;

namespace Etl.Core.Tests.Validation;

public class ValidationTests
{
    [Fact]
    public void Real_parquet_passes_the_envelope_check()
    {
        using var file = File.OpenRead(TestFiles.ParquetTesting("alltypes_plain.parquet"));
        ParquetEnvelope.Check(file);
        Assert.Equal(0, file.Position);
    }

    [Fact]
    public void Truncated_parquet_fails_naming_what_broke_and_where()
    {
        var bytes = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));
        using var truncated = new MemoryStream(bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InputValidationException>(() => ParquetEnvelope.Check(truncated));
        Assert.Equal(InputErrorTypes.InvalidParquet, error.ErrorType);
        Assert.Contains("truncated", error.Message);
        Assert.Contains($"byte offset {bytes.Length / 2 - 4}", error.Message);
    }

    [Fact]
    public void Text_named_parquet_fails_naming_its_first_bytes()
    {
        using var text = new MemoryStream("hello, world, this is csv"u8.ToArray());
        var error = Assert.Throws<InputValidationException>(() => ParquetEnvelope.Check(text));
        Assert.Contains("PAR1", error.Message);
        Assert.Contains("hell", error.Message);
    }

    [Fact]
    public void Empty_file_is_its_own_error()
    {
        var error = Assert.Throws<InputValidationException>(() => ParquetEnvelope.Check(new MemoryStream()));
        Assert.Equal(InputErrorTypes.EmptyFile, error.ErrorType);
    }

    [Theory]
    [InlineData("PAR1xxxx", FileKind.Parquet, false)]
    [InlineData("  [1,2]", FileKind.Json, false)]
    [InlineData("{\"a\":1}", FileKind.Ndjson, false)]
    [InlineData("id,name", FileKind.Parquet, true)]
    [InlineData("PAR1", FileKind.Json, true)]
    [InlineData("id,name", FileKind.Ndjson, true)]
    public void First_bytes_are_checked_against_the_declared_kind(string head, FileKind declared, bool contradicts)
    {
        Assert.Equal(contradicts, ContentSniffer.Contradiction(declared, Encoding.UTF8.GetBytes(head)) is not null);
    }

    [Theory]
    [InlineData("data.parquet", null, FileKind.Parquet)]
    [InlineData("DATA.JSON", null, FileKind.Json)]
    [InlineData("rows.jsonl", null, FileKind.Ndjson)]
    [InlineData("noext", "application/vnd.apache.parquet", FileKind.Parquet)]
    public void Declared_kind_comes_from_the_extension_then_the_content_type(string name, string? contentType, FileKind expected)
    {
        Assert.Equal(expected, FileKinds.FromName(name, contentType).Kind);
    }

    [Theory]
    [InlineData("report.csv", null)]
    [InlineData("noext", "text/csv")]
    public void Other_types_are_unsupported(string name, string? contentType)
    {
        Assert.True(FileKinds.FromName(name, contentType).IsUnsupported);
    }
}
