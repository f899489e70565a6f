using System.Globalization;
using System.Text;
using System.Text.Json;
using Etl.Core.Convert;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// The product's default output — JSON → Parquet with the default options — opened by all four independent
/// readers: every type the schema inference produces (BIGINT, DOUBLE, BOOLEAN, STRING, JSON, DATE, TIMESTAMP UTC
/// and local) in columns long and regular enough that the writer picks DELTA_BINARY_PACKED and
/// BYTE_STREAM_SPLIT where the compatible profile allows them, nested objects and arrays included.
/// </summary>
public class DefaultOutputInteropTests
{
    private const int Rows = 5000;

    private static string Line(int i)
    {
        var when = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 61L);
        var o = new Dictionary<string, object?>
        {
            ["id"] = i,
            ["score"] = i * 0.125,
            ["ok"] = i % 3 == 0,
            ["name"] = $"n{i % 17}",
            ["day"] = DateOnly.FromDateTime(when.AddDays(i)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["at"] = when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["local"] = when.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["tags"] = Enumerable.Range(0, i % 3).Select(k => i + k).ToArray(),
            ["inner"] = new Dictionary<string, object?> { ["a"] = i * 2L, ["b"] = $"b{i % 5}" },
        };
        if (i % 10 == 7) o["score"] = null;
        return JsonSerializer.Serialize(o);
    }

    [Fact]
    public void Every_reader_opens_the_default_JSON_to_Parquet_output()
    {
        var directory = Directory.CreateTempSubdirectory("etl-default-interop-").FullName;
        try
        {
            var path = Path.Combine(directory, "default.parquet");
            var ndjson = string.Join('\n', Enumerable.Range(0, Rows).Select(Line)) + "\n";
            using (var output = System.IO.File.Create(path))
                Assert.Equal(Rows, JsonToParquet.Convert(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), output).RowCount);

            using var duck = JsonDocument.Parse(Etl.Tests.Shared.InteropNode.Run("read-with-duckdb.mjs", path));
            Assert.Equal(Rows, duck.RootElement.GetProperty("rows").GetArrayLength());
            var encodings = duck.RootElement.GetProperty("metadata").EnumerateArray()
                .ToDictionary(m => m.GetProperty("path_in_schema").GetString()!, m => m.GetProperty("encodings").GetString()!);
            Assert.Contains("DELTA_BINARY_PACKED", encodings["id"], StringComparison.Ordinal);
            Assert.DoesNotContain("DELTA_BINARY_PACKED", encodings["at"], StringComparison.Ordinal);
            Assert.DoesNotContain("DELTA_BINARY_PACKED", encodings["local"], StringComparison.Ordinal);

            using var hyparquet = JsonDocument.Parse(Etl.Tests.Shared.InteropNode.Run("read-with-hyparquet.mjs", path));
            Assert.Equal(Rows, hyparquet.RootElement.GetProperty("rows").GetArrayLength());

            var sharp = DotNetReaders.ParquetSharpRows(path);
            var net = DotNetReaders.ParquetNetRows(path);
            Assert.Equal(Rows, sharp.Count);
            Assert.Equal(Rows, net.Count);
            for (int i = 0; i < Rows; i += 97)
            {
                var when = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 61L);
                long nanos = (when - DateTime.UnixEpoch).Ticks * 100;
                foreach (var row in new[] { sharp[i]!, net[i]! })
                {
                    Assert.Equal(i.ToString(CultureInfo.InvariantCulture), row["id"]!.ToJsonString());
                    Assert.Equal(nanos.ToString(CultureInfo.InvariantCulture), row["at"]!.ToJsonString());
                    Assert.Equal(nanos.ToString(CultureInfo.InvariantCulture), row["local"]!.ToJsonString());
                    Assert.Equal(i % 10 == 7 ? (double?)null : i * 0.125, row["score"] is { } score ? double.Parse(score.ToJsonString(), CultureInfo.InvariantCulture) : null);
                    Assert.Equal($"n{i % 17}", row["name"]!.GetValue<string>());
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
