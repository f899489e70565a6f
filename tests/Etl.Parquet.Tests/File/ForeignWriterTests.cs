using Parquet.Serialization;
using Parquet.Serialization.Attributes;
using ParquetSharp;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Files written by the two .NET Parquet libraries — Parquet.Net 6.1.0 (fully managed) and ParquetSharp
/// 25.0.1.2 (Apache Arrow's C++ writer) — with their default settings, read by our reader and converter:
/// flat columns, nulls, lists, maps, structs, decimals and timestamps.
/// </summary>
public class ForeignWriterTests
{
    private const int Rows = 3000;   // several pages and, for ParquetSharp, dictionary and plain pages

    public sealed class Inner
    {
        public int? A { get; set; }
        public string? B { get; set; }
    }

    public sealed class NetRecord
    {
        public int Id { get; set; }
        public long? Big { get; set; }
        public string? Name { get; set; }
        public double? Score { get; set; }
        public bool? Flag { get; set; }
        [ParquetDecimal(18, 4)] public decimal? Price { get; set; }
        [ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true)] public DateTime? When { get; set; }
        [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)] public DateTime Millis { get; set; }
        public DateTime Legacy { get; set; }   // INT96, Parquet.Net's default for DateTime
        public List<int>? Tags { get; set; }
        public Dictionary<string, int>? Attrs { get; set; }
        public Inner? Inner { get; set; }
        public List<Inner>? Items { get; set; }
    }

    private static readonly DateTime Start = new(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc);

    private static NetRecord NetRow(int i) => new()
    {
        Id = i,
        Big = i % 5 == 0 ? null : 10_000_000_000L * i,
        Name = i % 7 == 3 ? null : $"n{i % 11}",
        Score = i % 4 == 1 ? null : i * 0.25,
        Flag = i % 6 == 2 ? null : i % 2 == 0,
        Price = i % 9 == 4 ? null : (i * 12345L - 99_999) / 10_000m,
        When = i % 8 == 5 ? null : Start.AddTicks(i * 10_000_010L),
        Millis = Start.AddMilliseconds(i * 1001L),
        Legacy = Start.AddSeconds(i),
        Tags = i % 10 == 7 ? null : Enumerable.Range(0, i % 4).Select(k => i + k).ToList(),
        Attrs = i % 10 == 8 ? null : Enumerable.Range(0, i % 3).ToDictionary(k => $"k{k}", k => i * k),
        Inner = i % 5 == 2 ? null : new Inner { A = i % 3 == 0 ? null : i, B = $"b{i % 4}" },
        Items = i % 6 == 5 ? null : Enumerable.Range(0, i % 3).Select(k => new Inner { A = i + k, B = k == 1 ? null : $"x{k}" }).ToList(),
    };

    /// <summary>Our converter's text of a UTC timestamp: the fraction without trailing zeros.</summary>
    private static string Iso(DateTime t)
    {
        long nanos = t.Ticks % TimeSpan.TicksPerSecond * 100;
        var whole = t.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var fraction = nanos.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return Str(whole + (nanos == 0 ? "" : "." + fraction.TrimEnd('0')) + "Z");
    }

    [Fact]
    public async Task We_read_what_ParquetNet_writes()
    {
        var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(Enumerable.Range(0, Rows).Select(NetRow), stream);
        var lines = BuiltFile.Rows(stream.ToArray());
        Assert.Equal(Rows, lines.Length);
        for (int i = 0; i < Rows; i += 7) Assert.Equal(NetJson(NetRow(i)), lines[i]);
    }

    private static string NetJson(NetRecord r) => Json(
        ("Id", Num(r.Id)), ("Big", Num(r.Big)), ("Name", Str(r.Name)), ("Score", r.Score is { } s ? Dbl(s) : "null"),
        ("Flag", r.Flag is { } f ? (f ? "true" : "false") : "null"), ("Price", r.Price is { } p ? p.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "null"),
        ("When", r.When is { } w ? Iso(w) : "null"), ("Millis", Iso(r.Millis)), ("Legacy", Iso(r.Legacy)),
        ("Tags", r.Tags is null ? "null" : "[" + string.Join(",", r.Tags) + "]"),
        ("Attrs", r.Attrs is null ? "null" : "{" + string.Join(",", r.Attrs.Select(kv => $"\"{kv.Key}\":{kv.Value}")) + "}"),
        ("Inner", InnerJson(r.Inner)),
        ("Items", r.Items is null ? "null" : "[" + string.Join(",", r.Items.Select(InnerJson)) + "]"));

    private static string InnerJson(Inner? x) => x is null ? "null" : Json(("A", Num(x.A)), ("B", Str(x.B)));

    [Fact]
    public void We_read_what_ParquetSharp_writes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"etl-parquetsharp-{Guid.NewGuid():N}.parquet");
        try
        {
            var columns = new Column[]
            {
                new Column<int>("id"),
                new Column<long?>("big"),
                new Column<string>("name"),
                new Column<double?>("score"),
                new Column<decimal?>("price", LogicalType.Decimal(precision: 29, scale: 3)),
                new Column<DateTime?>("when", LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
                new Column<DateTimeNanos>("nanos", LogicalType.Timestamp(isAdjustedToUtc: false, TimeUnit.Nanos)),
                new Column<int?[]>("tags"),
                new Column<string[]>("words"),
            };
            using (var writer = new ParquetSharp.ParquetFileWriter(path, columns, ParquetSharp.Compression.Snappy))
            {
                foreach (var (start, count) in new[] { (0, 1000), (1000, Rows - 1000) })
                {
                    using var group = writer.AppendRowGroup();
                    var range = Enumerable.Range(start, count).ToArray();
                    using (var w = group.NextColumn().LogicalWriter<int>()) w.WriteBatch(range);
                    using (var w = group.NextColumn().LogicalWriter<long?>()) w.WriteBatch(range.Select(SharpBig).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(range.Select(SharpName).ToArray()!);
                    using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch(range.Select(SharpScore).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<decimal?>()) w.WriteBatch(range.Select(SharpPrice).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<DateTime?>()) w.WriteBatch(range.Select(SharpWhen).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<DateTimeNanos>()) w.WriteBatch(range.Select(SharpNanos).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<int?[]>()) w.WriteBatch(range.Select(SharpTags).ToArray());
                    using (var w = group.NextColumn().LogicalWriter<string[]>()) w.WriteBatch(range.Select(SharpWords).ToArray());
                }
                writer.Close();
            }
            var lines = BuiltFile.Rows(System.IO.File.ReadAllBytes(path));
            Assert.Equal(Rows, lines.Length);
            for (int i = 0; i < Rows; i += 7)
            {
                Assert.Equal(Json(
                    ("id", Num(i)), ("big", Num(SharpBig(i))), ("name", Str(SharpName(i))), ("score", SharpScore(i) is { } s ? Dbl(s) : "null"),
                    ("price", SharpPrice(i) is { } p ? p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "null"),
                    ("when", SharpWhen(i) is { } w ? Iso(w) : "null"),
                    ("nanos", Iso(SharpNanos(i).DateTime)[..^2] + "\""),   // local time: no Z
                    ("tags", "[" + string.Join(",", SharpTags(i).Select(t => t is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")) + "]"),
                    ("words", "[" + string.Join(",", SharpWords(i).Select(Str)) + "]")), lines[i]);
            }
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static long? SharpBig(int i) => i % 5 == 0 ? null : -10_000_000_000L * i;
    private static string? SharpName(int i) => i % 7 == 3 ? null : $"s{i % 13}";
    private static double? SharpScore(int i) => i % 4 == 1 ? null : i / 8.0;
    private static decimal? SharpPrice(int i) => i % 9 == 4 ? null : (i * 987_654_321L - 5) / 1000m;
    private static DateTime? SharpWhen(int i) => i % 8 == 5 ? null : Start.AddTicks(-i * 10_000_010L);
    private static DateTimeNanos SharpNanos(int i) => new(Start.AddTicks(i * 1_234_567L));
    private static int?[] SharpTags(int i) => Enumerable.Range(0, i % 4).Select(k => k == 2 ? null : (int?)(i * k)).ToArray();
    private static string[] SharpWords(int i) => Enumerable.Range(0, i % 3).Select(k => $"w{i}-{k}").ToArray();

    private static string Json(params (string Key, string Value)[] fields) => "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    private static string Num(long? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
    private static string Str(string? s) => s is null ? "null" : System.Text.Json.JsonSerializer.Serialize(s);
    private static string Dbl(double d) => System.Text.Json.JsonSerializer.Serialize(d);
}
