using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;

namespace Etl.Conformance.Tests.JsonTestSuite;

/// <summary>
/// JSONTestSuite (tests/data/json-test-suite/test_parsing, RFC 8259 conformance) against JSON → Parquet: every y_
/// file converts, every n_ file is refused with a one-line <see cref="JsonInputException"/>, and every i_ file either
/// converts or is refused — as documented in <see cref="AcceptedImplementationDefined"/> — without crashing or hanging.
/// </summary>
public sealed class JsonTestSuiteTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The i_ files that convert. Numbers outside int64 / double range are accepted (big integers widen the column
    /// to DOUBLE, overflow gives ±Infinity, underflow 0, each reported), and so is a UTF-8 byte order mark. Refused:
    /// invalid UTF-8 (overlong, truncated, surrogate code points, Latin-1), UTF-16 input, \u escapes holding an
    /// unpaired surrogate, and 500 levels of nesting (deeper than JsonReadOptions.MaxDepth = 64).
    /// </summary>
    private static readonly HashSet<string> AcceptedImplementationDefined =
    [
        "i_number_double_huge_neg_exp.json",
        "i_number_huge_exp.json",
        "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json",
        "i_number_real_neg_overflow.json",
        "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json",
        "i_number_too_big_neg_int.json",
        "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json",
        "i_structure_UTF-8_BOM_empty_object.json",
    ];

    public static TheoryData<string> Files(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SuiteFolder(), prefix + "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void The_suite_is_complete() =>
        Assert.Equal((95, 188, 35), (Files("y_").Count, Files("n_").Count, Files("i_").Count));

    [Theory]
    [MemberData(nameof(Files), "y_")]
    public async Task Valid_json_is_accepted(string name)
    {
        var outcome = await Convert(name);
        Assert.True(outcome.Error is null, $"{name} was refused: {outcome.Error?.Message}");
        Assert.True(outcome.Rows >= 0);
    }

    [Theory]
    [MemberData(nameof(Files), "n_")]
    public async Task Invalid_json_is_refused_with_one_clear_line(string name)
    {
        var outcome = await Convert(name);
        Assert.True(outcome.Error is not null, $"{name} was accepted ({outcome.Rows} rows)");
        AssertOneLine(outcome.Error);
    }

    [Theory]
    [MemberData(nameof(Files), "i_")]
    public async Task Implementation_defined_json_behaves_as_documented(string name)
    {
        var outcome = await Convert(name);
        if (AcceptedImplementationDefined.Contains(name))
        {
            Assert.True(outcome.Error is null, $"{name} was refused: {outcome.Error?.Message}");
        }
        else
        {
            Assert.True(outcome.Error is not null, $"{name} was accepted ({outcome.Rows} rows)");
            AssertOneLine(outcome.Error);
        }
    }

    [Fact]
    public async Task Top_level_scalars_become_one_row_of_one_value_column()
    {
        var outcome = await Convert("y_structure_lonely_int.json");
        Assert.Equal(1, outcome.Rows);
        Assert.Equal("{\"value\":42}\n", outcome.Json);
        var heterogeneous = await Convert("y_array_heterogeneous.json");
        Assert.Equal("{\"value\":null}\n{\"value\":1}\n{\"value\":\"1\"}\n{\"value\":{}}\n", heterogeneous.Json);
    }

    [Fact]
    public async Task Overflowing_numbers_are_reported_in_the_schema()
    {
        var outcome = await Convert("i_number_too_big_pos_int.json");
        var column = Assert.Single(outcome.Schema!.Columns());
        Assert.Equal("DOUBLE", column.Type);
        Assert.Contains("beyond the 64-bit range", column.Note);
        Assert.Contains("±Infinity", Assert.Single((await Convert("i_number_real_pos_overflow.json")).Schema!.Columns()).Note);
    }

    private static void AssertOneLine(JsonInputException error)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        Assert.True(error.Message.Length < 400, error.Message);
    }

    private sealed record Outcome(long Rows, string Json, InferredSchema? Schema, JsonInputException? Error);

    /// <summary>JSON → Parquet → NDJSON, on a worker with a time limit so a hang fails the test instead of the run.</summary>
    private static async Task<Outcome> Convert(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SuiteFolder(), name));
        var work = Task.Run(() =>
        {
            try
            {
                var parquet = new MemoryStream();
                var result = JsonToParquet.Convert(new MemoryStream(bytes), parquet);
                parquet.Position = 0;
                var json = new MemoryStream();
                var back = ParquetToJson.Convert(parquet, json, JsonOutputFormat.Ndjson);
                Assert.Equal(result.RowCount, back.RowCount);
                return new Outcome(result.RowCount, Encoding.UTF8.GetString(json.ToArray()), result.InferredSchema, null);
            }
            catch (JsonInputException e)
            {
                return new Outcome(-1, "", null, e);
            }
        });
        var finished = await Task.WhenAny(work, Task.Delay(Limit));
        Assert.True(finished == work, $"{name} did not finish within {Limit.TotalSeconds} s");
        return await work;
    }

    private static string SuiteFolder() => TestFiles.In("json-test-suite", "test_parsing");
}
