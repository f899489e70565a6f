using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using K = Etl.Parquet.Tests.Writer.KitchenSink;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// Files written by <see cref="ParquetFileWriter"/> — every physical type, the common logical types, nesting,
/// nulls, every codec, DATA_PAGE v1 and v2, dictionary fallback, several row groups and many pages — read by
/// independent readers: DuckDB (@duckdb/node-api) and hyparquet, through the node scripts in tests/interop, and
/// the .NET libraries Parquet.Net and ParquetSharp (Arrow C++), in process (<see cref="DotNetReaders"/>).
/// The readers' column types and every value of every row are checked. Needs node and <c>npm ci</c> in
/// tests/interop; without them the test fails (it never skips).
/// </summary>
public class IndependentReaderTests
{
    private const int Rows = 300;

    public static TheoryData<string> FileVariants() => [.. CompatibleVariants(), "size-optimized", "size-optimized-v2"];

    /// <summary>The variants written with the default <see cref="EncodingProfile.Compatible"/> encodings.</summary>
    public static TheoryData<string> CompatibleVariants() => [.. Compatible];

    private static readonly string[] Compatible = ["uncompressed", "snappy", "gzip", "zstd", "brotli", "lz4raw", "zstd-v2", "snappy-v2-fallback", "nodict-nostats"];

    private static ParquetWriterOptions Options(string variant) => variant switch
    {
        "uncompressed" => new() { Compression = CompressionCodec.Uncompressed, PageBytes = 1024 },
        "snappy" => new() { Compression = CompressionCodec.Snappy },
        "gzip" => new() { Compression = CompressionCodec.Gzip, PageBytes = 2048 },
        "zstd" => new() { Compression = CompressionCodec.Zstd, PageBytes = 2048 },
        "brotli" => new() { Compression = CompressionCodec.Brotli },
        "lz4raw" => new() { Compression = CompressionCodec.Lz4Raw, PageBytes = 4096 },
        "zstd-v2" => new() { Compression = CompressionCodec.Zstd, DataPageVersion = 2, PageBytes = 1024 },
        "snappy-v2-fallback" => new() { Compression = CompressionCodec.Snappy, DataPageVersion = 2, DictionaryBytesLimit = 256, PageBytes = 512 },
        "nodict-nostats" => new() { Compression = CompressionCodec.Snappy, Dictionary = false, Statistics = false },
        "size-optimized" => new() { Compression = CompressionCodec.Zstd, Encodings = EncodingProfile.SizeOptimized, Dictionary = false, PageBytes = 2048 },
        "size-optimized-v2" => new() { Compression = CompressionCodec.Snappy, Encodings = EncodingProfile.SizeOptimized, DataPageVersion = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    private static string CodecName(CompressionCodec codec) => codec switch
    {
        CompressionCodec.Uncompressed => "UNCOMPRESSED",
        CompressionCodec.Lz4Raw => "LZ4_RAW",
        _ => codec.ToString().ToUpperInvariant(),
    };

    /// <summary>Writes the kitchen-sink file for <paramref name="variant"/>: row groups of 100, 0 (skipped) and 200 rows.</summary>
    /// <summary>
    /// Writes the kitchen-sink file for <paramref name="variant"/>: row groups of 100, 0 (skipped) and 200 rows,
    /// without the top-level columns named in <paramref name="without"/> (for readers that cannot open a file
    /// holding them).
    /// </summary>
    private static string WriteFile(string directory, string variant, params string[] without)
    {
        var full = K.Schema();
        var schema = new List<SchemaElement> { full[0] };
        var keep = new List<int>();
        for (int c = 0, e = 1; c < full[0].NumChildren; c++)
        {
            int end = SubtreeEnd(full, e);
            if (Array.IndexOf(without, full[e].Name) < 0)
            {
                keep.Add(c);
                schema.AddRange(full.GetRange(e, end - e));
            }
            e = end;
        }
        schema[0].NumChildren = keep.Count;
        var records = Enumerable.Range(0, Rows).Select(i => keep.Select(c => K.Record(i)[c]).ToArray()).ToArray();
        var path = Path.Combine(directory, variant + ".parquet");
        var options = Options(variant);
        using (var writer = new ParquetFileWriter(System.IO.File.Create(path), schema, options))
        {
            writer.AddKeyValue("etl.test", variant);
            var batches = writer.CreateBatches();
            foreach (var (start, count) in new[] { (0, 100), (100, 0), (100, 200) })
            {
                foreach (var b in batches) b.Clear();
                for (int i = start; i < start + count; i++) Shredder.Shred(writer.Schema, batches, records[i]);
                writer.WriteRowGroup(batches, count);
            }
            writer.Close();
        }
        return path;
    }

    private static int SubtreeEnd(List<SchemaElement> elements, int index)
    {
        int children = elements[index].NumChildren ?? 0;
        index++;
        for (int c = 0; c < children; c++) index = SubtreeEnd(elements, index);
        return index;
    }

    [Theory]
    [MemberData(nameof(FileVariants))]
    public void DuckDB_reads_every_type_and_value(string variant)
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-duckdb-").FullName;
        try
        {
            var path = WriteFile(directory, variant);
            using var result = RunNode("read-with-duckdb.mjs", path);
            var root = result.RootElement;

            var types = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString()!);
            Assert.Equal(Columns.Select(c => c.Name), types.Keys);
            foreach (var column in Columns) Assert.True(column.DuckType == types[column.Name], $"DuckDB type of {column.Name}: {types[column.Name]}, expected {column.DuckType}");

            var rows = root.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(Rows, rows.Count);
            for (int i = 0; i < Rows; i++)
            {
                foreach (var column in Columns)
                    Same(Expected(column, i, Reader.DuckDB), Canon(rows[i].GetProperty(column.Name), column.Kind, Reader.DuckDB), $"{variant} row {i} column {column.Name}");
            }

            var options = Options(variant);
            var metadata = root.GetProperty("metadata").EnumerateArray().ToList();
            Assert.Equal(2 * Columns.Sum(c => c.Leaves), metadata.Count);
            Assert.All(metadata, m => Assert.Equal(CodecName(options.Compression), m.GetProperty("compression").GetString()));
            var ids = metadata.Where(m => m.GetProperty("path_in_schema").GetString() == "id").ToList();
            if (options.Statistics)
            {
                Assert.Equal([K.Id(0).ToString(CultureInfo.InvariantCulture), K.Id(100).ToString(CultureInfo.InvariantCulture)], ids.Select(m => m.GetProperty("stats_min_value").GetString()));
                Assert.Equal([K.Id(99).ToString(CultureInfo.InvariantCulture), K.Id(299).ToString(CultureInfo.InvariantCulture)], ids.Select(m => m.GetProperty("stats_max_value").GetString()));
                var u32 = metadata.First(m => m.GetProperty("path_in_schema").GetString() == "u32");
                Assert.Equal(K.U32(0).ToString(CultureInfo.InvariantCulture), u32.GetProperty("stats_min_value").GetString());   // unsigned order
                var names = metadata.First(m => m.GetProperty("path_in_schema").GetString() == "name");
                Assert.Equal("14", Canon(names.GetProperty("stats_null_count"), Kind.Int, Reader.DuckDB));
            }
            else
            {
                Assert.All(ids, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("stats_min_value").ValueKind));
            }
            var nameEncodings = metadata.First(m => m.GetProperty("path_in_schema").GetString() == "name").GetProperty("encodings").GetString()!;
            Assert.Equal(options.Dictionary, nameEncodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(FileVariants))]
    public void Hyparquet_reads_every_type_and_value(string variant)
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-hyparquet-").FullName;
        try
        {
            var path = WriteFile(directory, variant);
            using var result = RunNode("read-with-hyparquet.mjs", path);
            var root = result.RootElement;
            Assert.Matches(new Regex(@"^agentic-etl version \d+\.\d+\.\d+ \(build [^)]+\)$"), root.GetProperty("createdBy").GetString());
            Assert.Contains(root.GetProperty("keyValues").EnumerateArray(), kv => kv.GetProperty("key").GetString() == "etl.test" && kv.GetProperty("value").GetString() == variant);

            var schema = root.GetProperty("schema").EnumerateArray().ToList();
            JsonElement Element(string name) => schema.First(e => e.GetProperty("name").GetString() == name);
            static string? Str(JsonElement e, string property) => e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetString();
            Assert.Equal("TIMESTAMP_MICROS", Str(Element("ts_utc"), "converted_type"));
            Assert.True(Element("ts_utc").GetProperty("logical_type").GetProperty("isAdjustedToUTC").GetBoolean());
            Assert.Null(Str(Element("ts_ms"), "converted_type"));
            Assert.Equal("UTF8", Str(Element("name"), "converted_type"));
            Assert.Equal("STRING", Element("name").GetProperty("logical_type").GetProperty("type").GetString());
            Assert.Equal("DECIMAL", Str(Element("dec38"), "converted_type"));
            Assert.Equal(38, Element("dec38").GetProperty("logical_type").GetProperty("precision").GetInt32());
            Assert.Equal("UUID", Element("uuid").GetProperty("logical_type").GetProperty("type").GetString());
            Assert.Equal("FLOAT16", Element("f16").GetProperty("logical_type").GetProperty("type").GetString());
            Assert.Equal("UINT_32", Str(Element("u32"), "converted_type"));
            Assert.Equal("LIST", Str(Element("li"), "converted_type"));
            Assert.Equal("MAP", Str(Element("mp"), "converted_type"));
            Assert.Equal("INT96", Str(Element("i96"), "type"));

            var rows = root.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(Rows, rows.Count);
            for (int i = 0; i < Rows; i++)
            {
                foreach (var column in Columns)
                    Same(Expected(column, i, Reader.Hyparquet), Canon(rows[i].GetProperty(column.Name), column.Kind, Reader.Hyparquet), $"{variant} row {i} column {column.Name}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(FileVariants))]
    public void ParquetSharp_reads_every_type_and_value(string variant)
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-parquetsharp-").FullName;
        try
        {
            var path = WriteFile(directory, variant);
            AssertRows(DotNetReaders.ParquetSharpRows(path), Columns, Reader.ParquetSharp, variant);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Columns Parquet.Net 6.1.0 cannot open whatever the encoding, left out of its files: FLOAT16 (its schema
    /// has no Half), BYTE_ARRAY DECIMAL (it fails decoding the chunk statistics; JSON → Parquet never writes one)
    /// and a map whose values are lists (its untyped deserializer cannot build one).
    /// </summary>
    private static readonly string[] NotForParquetNet = ["f16", "decb", "deep"];

    /// <summary>
    /// Parquet.Net 6.1.0 throws NotImplementedException on DATA_PAGE_V2 pages of repeated columns (lists, maps):
    /// its v2 files hold the flat and struct columns only. The default DATA_PAGE v1 has no such gap.
    /// </summary>
    private static readonly string[] NotForParquetNetV2 = [.. NotForParquetNet, "li", "ls", "mp", "lst"];

    [Theory]
    [MemberData(nameof(CompatibleVariants))]
    public void ParquetNet_reads_every_type_and_value(string variant)
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-parquetnet-").FullName;
        try
        {
            var left = Options(variant).DataPageVersion == 2 ? NotForParquetNetV2 : NotForParquetNet;
            var path = WriteFile(directory, variant, left);
            AssertRows(DotNetReaders.ParquetNetRows(path), Columns.Where(c => !left.Contains(c.Name)).ToArray(), Reader.ParquetNet, variant);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string> CompatibleV1Variants() => [.. Compatible.Where(v => Options(v).DataPageVersion == 1)];

    /// <summary>
    /// Below its row assembly (whose gaps the row test works around): Parquet.Net's column reader decodes the
    /// definition and repetition levels of every leaf, the deeply nested <c>deep</c> and the list of structs
    /// included, exactly as our writer wrote them.
    /// </summary>
    [Theory]
    [MemberData(nameof(CompatibleV1Variants))]
    public async Task ParquetNet_decodes_the_levels_of_every_leaf(string variant)
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-parquetnet-levels-").FullName;
        try
        {
            var path = WriteFile(directory, variant, "f16", "decb");
            using var ours = ParquetFileReader.Open(path);
            await using var stream = System.IO.File.OpenRead(path);
            await using var theirs = await global::Parquet.ParquetReader.CreateAsync(stream);
            var fields = theirs.Schema.GetDataFields();
            Assert.Equal(ours.Schema.Columns.Count, fields.Length);
            Assert.Equal(ours.RowGroupCount, theirs.RowGroupCount);
            for (int g = 0; g < ours.RowGroupCount; g++)
            {
                using var group = theirs.OpenRowGroupReader(g);
                for (int c = 0; c < fields.Length; c++)
                {
                    var batch = ours.RowGroup(g).ReadColumn(c);
                    using var raw = await group.ReadRawColumnDataBaseAsync(fields[c]);
                    string where = $"{variant} row group {g} column {batch.Column.DottedPath}";
                    if (batch.Column.MaxDefinitionLevel > 0)
                        Assert.True(batch.DefinitionLevels.AsSpan(0, batch.LevelCount).SequenceEqual(raw.DefinitionLevels), $"{where}: definition levels differ");
                    if (batch.Column.MaxRepetitionLevel > 0)
                        Assert.True(batch.RepetitionLevels.AsSpan(0, batch.LevelCount).SequenceEqual(raw.RepetitionLevels), $"{where}: repetition levels differ");
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Why <see cref="EncodingProfile.Compatible"/> is the default: with <see cref="EncodingProfile.SizeOptimized"/>
    /// the date, timestamp, decimal and 8-bit integer columns are DELTA_BINARY_PACKED, which Parquet.Net 6.1.0
    /// cannot decode there; by default those columns are not, and other integer and time columns still are.
    /// </summary>
    [Fact]
    public void Size_optimized_encodings_are_opt_in_because_ParquetNet_cannot_decode_them()
    {
        var directory = Directory.CreateTempSubdirectory("etl-writer-profile-").FullName;
        try
        {
            var sized = WriteFile(directory, "size-optimized", NotForParquetNet);
            var unreadable = new HashSet<string> { "i8", "u8", "dec9", "dec18", "day", "ts_utc", "ts_ms", "ts_ns" };
            Assert.Superset(unreadable, DeltaColumns(sized));
            var e = Assert.ThrowsAny<Exception>(() => DotNetReaders.ParquetNetRows(sized));
            Assert.Contains("DELTA_BINARY_PACKED", e.ToString(), StringComparison.Ordinal);

            var compatible = WriteFile(directory, "zstd", NotForParquetNet);
            var compatibleDelta = DeltaColumns(compatible);
            Assert.Empty(compatibleDelta.Intersect(unreadable));
            Assert.Superset(new HashSet<string> { "id", "i16", "i32", "u32", "u64", "t_ms", "t_us", "li", "lst" }, compatibleDelta);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The top-level columns with a DELTA_BINARY_PACKED chunk in the file.</summary>
    private static HashSet<string> DeltaColumns(string path)
    {
        using var reader = new ParquetFileReader(System.IO.File.OpenRead(path));
        var names = new HashSet<string>();
        foreach (var group in reader.Metadata.RowGroups)
        {
            foreach (var chunk in group.Columns)
            {
                if (chunk.MetaData!.Encodings.Contains(Encoding.DeltaBinaryPacked)) names.Add(chunk.MetaData.PathInSchema[0]);
            }
        }
        return names;
    }

    /// <summary>Checks every value of every row a .NET reader gave (<see cref="DotNetReaders"/>'s shape).</summary>
    private static void AssertRows(System.Text.Json.Nodes.JsonArray rows, Column[] columns, Reader reader, string variant)
    {
        using var document = JsonDocument.Parse(rows.ToJsonString());
        var read = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(Rows, read.Count);
        for (int i = 0; i < Rows; i++)
        {
            Assert.Subset(columns.Select(c => c.Name).ToHashSet(), read[i].EnumerateObject().Select(p => p.Name).ToHashSet());
            foreach (var column in columns)
            {
                var expected = Expected(column, i, reader);
                // Parquet.Net's untyped rows leave out the key of a null value or an empty list of values, and leave
                // out the null elements of a list of values; it gives a null struct in a list as a struct of nulls: its row assembly, not its decoding (the levels are the same
                // RLE runs every other reader decodes).
                if (reader == Reader.ParquetNet && column.Kind is Kind.IntList or Kind.TextList && expected is List<object?> list)
                {
                    list.RemoveAll(v => v is null);
                    if (list.Count == 0) expected = null;
                }
                if (reader == Reader.ParquetNet && column.Kind == Kind.StructList && expected is List<object?> structs)
                {
                    for (int k = 0; k < structs.Count; k++) structs[k] ??= new Dictionary<string, object?> { ["a"] = null, ["b"] = null };
                }
                var actual = read[i].TryGetProperty(column.Name, out var value) ? Canon(value, column.Kind, reader) : null;
                Same(expected, actual, $"{reader} {variant} row {i} column {column.Name}");
            }
        }
    }

    // ----- the columns, what each reader must report, and value normalization -----

    private enum Reader { DuckDB, Hyparquet, ParquetNet, ParquetSharp }

    private enum Kind { Bool, Int, Float, Text, Json, Bytes, Decimal, Date, Time, TimeMillis, Timestamp, TimestampNanos, Uuid, Struct, StructList, IntList, TextList, Map, Deep }

    private sealed record Column(string Name, string DuckType, Kind Kind, int Leaves = 1, int Scale = 0);

    private static readonly Column[] Columns =
    [
        new("id", "BIGINT", Kind.Int),
        new("flag", "BOOLEAN", Kind.Bool),
        new("i8", "TINYINT", Kind.Int),
        new("i16", "SMALLINT", Kind.Int),
        new("i32", "INTEGER", Kind.Int),
        new("u8", "UTINYINT", Kind.Int),
        new("u32", "UINTEGER", Kind.Int),
        new("u64", "UBIGINT", Kind.Int),
        new("f32", "FLOAT", Kind.Float),
        new("f64", "DOUBLE", Kind.Float),
        new("name", "VARCHAR", Kind.Text),
        new("note", "VARCHAR", Kind.Text),
        new("raw", "BLOB", Kind.Bytes),
        new("js", "VARCHAR", Kind.Json),   // DuckDB maps JSON to its JSON type only with the json extension loaded
        new("kind", "VARCHAR", Kind.Text),
        new("dec9", "DECIMAL(9,2)", Kind.Decimal, Scale: 2),
        new("dec18", "DECIMAL(18,2)", Kind.Decimal, Scale: 2),
        new("dec38", "DECIMAL(38,10)", Kind.Decimal, Scale: 10),
        new("decb", "DECIMAL(20,4)", Kind.Decimal, Scale: 4),
        new("day", "DATE", Kind.Date),
        new("t_ms", "TIME", Kind.TimeMillis),
        new("t_us", "TIME", Kind.Time),
        new("ts_utc", "TIMESTAMP WITH TIME ZONE", Kind.Timestamp),
        new("ts_ms", "TIMESTAMP", Kind.Timestamp),
        new("ts_ns", "TIMESTAMP_NS", Kind.TimestampNanos),
        new("i96", "TIMESTAMP", Kind.Timestamp),
        new("uuid", "UUID", Kind.Uuid),
        new("f16", "FLOAT", Kind.Float),
        new("grow", "VARCHAR", Kind.Text),
        new("st", "STRUCT(\"a\" INTEGER, \"b\" VARCHAR)", Kind.Struct, Leaves: 2),
        new("li", "INTEGER[]", Kind.IntList),
        new("ls", "VARCHAR[]", Kind.TextList),
        new("mp", "MAP(VARCHAR, BIGINT)", Kind.Map, Leaves: 2),
        new("deep", "STRUCT(\"x\" MAP(VARCHAR, DOUBLE[]))[]", Kind.Deep, Leaves: 2),
        new("lst", "STRUCT(\"a\" INTEGER, \"b\" VARCHAR)[]", Kind.StructList, Leaves: 2),
    ];

    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the reader must give for row <paramref name="i"/>, in the canonical form of <see cref="Canon"/>.</summary>
    private static object? Expected(Column column, int i, Reader reader)
    {
        if (K.IsNullRow(i) && column.Name != "id") return null;
        // DuckDB and the .NET readers give exact values; hyparquet gives Dates (milliseconds) and double decimals.
        bool duck = reader != Reader.Hyparquet;
        long epochMicros(DateTime utc) => (utc - K.Epoch).Ticks / 10;
        object Timestamp(long micros) => duck ? micros : Math.DivRem(micros, 1000).Quotient;
        object Decimal(System.Numerics.BigInteger unscaled) => reader == Reader.ParquetNet ? TrimFraction(K.DecimalText(unscaled, column.Scale))
            : duck ? K.DecimalText(unscaled, column.Scale) : double.Parse(K.DecimalText(unscaled, column.Scale), CultureInfo.InvariantCulture);
        return column.Name switch
        {
            "id" => S(K.Id(i)),
            "flag" => K.Flag(i) ? "true" : "false",
            "i8" => S(K.I8(i)),
            "i16" => S(K.I16(i)),
            "i32" => S(K.I32(i)),
            "u8" => S(K.U8(i)),
            "u32" => K.U32(i).ToString(CultureInfo.InvariantCulture),
            "u64" => K.U64(i).ToString(CultureInfo.InvariantCulture),
            "f32" => (double)K.F32(i),
            "f64" => K.F64(i),
            "name" => K.Name(i),
            "note" => K.Note(i),
            "raw" => Convert.ToBase64String(K.Raw(i)),
            "js" => K.Js(i),
            "kind" => K.Kind(i),
            "dec9" => Decimal(K.Dec9Unscaled(i)),
            "dec18" => Decimal(K.Dec18Unscaled(i)),
            "dec38" => Decimal(K.Dec38Unscaled(i)),
            "decb" => Decimal(K.DecbUnscaled(i)),
            "day" => K.Day(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "t_ms" => K.TimeMillis(i) * 1000L,
            "t_us" => K.TimeMicros(i),
            "ts_utc" => Timestamp(K.TsUtcMicros(i)),
            "ts_ms" => Timestamp(K.TsMillis(i) * 1000),
            // Parquet.Net's DateTime holds 100 ns ticks.
            "ts_ns" => reader == Reader.ParquetNet ? K.TsNanos(i) / 100 * 100 : duck ? K.TsNanos(i) : Math.DivRem(K.TsNanos(i), 1_000_000).Quotient,
            "i96" => Timestamp(epochMicros(K.I96(i))),
            "uuid" => K.Uuid(i).ToString(),
            "f16" => (double)K.F16(i),
            "grow" => K.Grow(i),
            "st" => new Dictionary<string, object?> { ["a"] = K.StA(i) is { } a ? S(a) : null, ["b"] = K.StB(i) },
            "li" => K.Li(i).Select(v => v is { } x ? (object?)S(x) : null).ToList(),
            "ls" => K.Ls(i).Cast<object?>().ToList(),
            "mp" => K.Mp(i).Select(kv => (object?)new List<object?> { kv.Key, kv.Value is { } v ? S(v) : null }).ToList(),
            "lst" => K.Lst(i).Select(e => e is null ? null : (object?)new Dictionary<string, object?> { ["a"] = e.Value.A is { } a ? S(a) : null, ["b"] = e.Value.B }).ToList(),
            "deep" => K.Deep(i)?.Select(e => e is null ? null : (object?)new Dictionary<string, object?>
            {
                ["x"] = e.Select(kv => (object?)new List<object?> { kv.Key, kv.Value?.Select(d => (object?)d).ToList() }).ToList(),
            }).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    /// <summary>
    /// A reader's JSON value in canonical form: integers and booleans as strings, floating point as double,
    /// times as microseconds, timestamps as microseconds (nanoseconds for TIMESTAMP(NANOS)) or milliseconds
    /// (hyparquet, whose Dates hold milliseconds), decimals as exact text or double (hyparquet), lists as lists,
    /// maps as [key, value] pairs, structs as dictionaries.
    /// </summary>
    private static object? Canon(JsonElement e, Kind kind, Reader reader)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        bool duck = reader == Reader.DuckDB;
        bool hyparquet = reader == Reader.Hyparquet;
        bool dotnet = !duck && !hyparquet;   // DotNetReaders' shape
        switch (kind)
        {
            case Kind.Bool: return e.GetBoolean() ? "true" : "false";
            case Kind.Int: return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
            case Kind.Float: return e.GetDouble();
            // hyparquet (utf8: false) and ParquetSharp return ENUM as bytes, not text: take those as UTF-8.
            case Kind.Text: return e.ValueKind == JsonValueKind.Object ? Utf8(e) : e.GetString();
            // Parquet.Net returns JSON columns as bytes.
            case Kind.Json: return hyparquet ? e.GetRawText() : e.ValueKind == JsonValueKind.Object ? Utf8(e) : e.GetString();
            case Kind.Bytes: return duck ? Convert.ToBase64String(DuckBlob(e.GetString()!)) : e.GetProperty("base64").GetString();
            // Parquet.Net's System.Decimal drops trailing zeros of the fraction.
            case Kind.Decimal: return hyparquet ? e.GetDouble() : reader == Reader.ParquetNet ? TrimFraction(e.GetString()!) : e.GetString();
            case Kind.Date:
                // Parquet.Net reads DATE as a DateTime (nanoseconds since the epoch here).
                if (e.ValueKind == JsonValueKind.Number) return DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(e.GetInt64() / 100)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return hyparquet ? e.GetString()![..10] : e.GetString();
            case Kind.Time:
            case Kind.TimeMillis:
                if (duck) return ParseTimeOfDay(e.GetString()!, out _) / 1000;
                // Parquet.Net gives TIME as the raw integer, in the column's unit.
                if (reader == Reader.ParquetNet) return kind == Kind.TimeMillis ? e.GetInt64() * 1000 : e.GetInt64();
                if (dotnet) return e.GetInt64();
                return e.ValueKind == JsonValueKind.Number ? e.GetInt64() * 1000 : long.Parse(e.GetString()!, CultureInfo.InvariantCulture);
            case Kind.Timestamp:
            case Kind.TimestampNanos:
                if (hyparquet) return DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
                long nanos = dotnet ? e.GetInt64() : ParseDuckTimestampNanos(e.GetString()!);
                return kind == Kind.TimestampNanos ? nanos : nanos / 1000;
            // ParquetSharp gives the 16 bytes (big-endian, as stored).
            case Kind.Uuid: return e.ValueKind == JsonValueKind.Object ? new Guid(Convert.FromBase64String(e.GetProperty("base64").GetString()!), bigEndian: true).ToString() : e.GetString();
            case Kind.Struct:
                return new Dictionary<string, object?> { ["a"] = Field(e, "a", Kind.Int, reader), ["b"] = Field(e, "b", Kind.Text, reader) };
            case Kind.StructList: return e.EnumerateArray().Select(x => Canon(x, Kind.Struct, reader)).ToList();
            case Kind.IntList: return e.EnumerateArray().Select(x => Canon(x, Kind.Int, reader)).ToList();
            case Kind.TextList: return e.EnumerateArray().Select(x => Canon(x, Kind.Text, reader)).ToList();
            case Kind.Map: return Pairs(e, reader, v => Canon(v, Kind.Int, reader));
            case Kind.Deep:
                return e.EnumerateArray().Select(element => element.ValueKind == JsonValueKind.Null ? null : (object?)new Dictionary<string, object?>
                {
                    ["x"] = element.GetProperty("x").ValueKind == JsonValueKind.Null ? null
                        : Pairs(element.GetProperty("x"), reader, v => v.ValueKind == JsonValueKind.Null ? null : v.EnumerateArray().Select(d => (object?)d.GetDouble()).ToList()),
                }).ToList();
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static string TrimFraction(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    /// <summary>A struct's field; Parquet.Net leaves null fields out.</summary>
    private static object? Field(JsonElement e, string name, Kind kind, Reader reader) =>
        e.TryGetProperty(name, out var value) || reader != Reader.ParquetNet ? Canon(e.GetProperty(name), kind, reader) : null;

    private static string Utf8(JsonElement bytes) => bytes.TryGetProperty("base64", out var base64)
        ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetString()!))
        : throw new Xunit.Sdk.XunitException($"expected text or {{ base64 }}, read {bytes.GetRawText()}");

    /// <summary>DuckDB and the .NET readers give maps as [{key, value}], hyparquet (string keys) as an object.</summary>
    private static List<object?> Pairs(JsonElement e, Reader reader, Func<JsonElement, object?> value) => reader != Reader.Hyparquet
        ? e.EnumerateArray().Select(kv => (object?)new List<object?> { kv.GetProperty("key").GetString(), value(kv.GetProperty("value")) }).ToList()
        : e.EnumerateObject().Select(p => (object?)new List<object?> { p.Name, value(p.Value) }).ToList();

    /// <summary>DuckDB's BLOB text: printable ASCII as is, other bytes as \xHH.</summary>
    private static byte[] DuckBlob(string text)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else bytes.Add((byte)text[i]);
        }
        return [.. bytes];
    }

    /// <summary>"HH:MM:SS[.fraction]" → nanoseconds of the day; <paramref name="digits"/> = fraction digits.</summary>
    private static long ParseTimeOfDay(string text, out int digits)
    {
        var m = Regex.Match(text, @"^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$");
        Assert.True(m.Success, $"unexpected DuckDB time '{text}'");
        string fraction = m.Groups[4].Value;
        digits = fraction.Length;
        long nanos = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        return ((long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) * 60
            + long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)) * 1_000_000_000 + nanos;
    }

    /// <summary>"YYYY-MM-DD HH:MM:SS[.fraction][+00]" → nanoseconds since the epoch.</summary>
    private static long ParseDuckTimestampNanos(string text)
    {
        var m = Regex.Match(text, @"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(\+00)?$");
        Assert.True(m.Success, $"unexpected DuckDB timestamp '{text}'");
        var day = DateOnly.ParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        long days = day.DayNumber - DateOnly.FromDateTime(K.Epoch).DayNumber;
        return days * 86_400_000_000_000 + ParseTimeOfDay(m.Groups[2].Value, out _);
    }

    private static void Same(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{where}: expected null, read {Show(actual)}");
                return;
            case double d:
                Assert.True(actual is double a && (a == d || Math.Abs(a - d) <= 1e-12 * Math.Abs(d)), $"{where}: expected {d:R}, read {Show(actual)}");
                return;
            case List<object?> list:
                Assert.True(actual is List<object?> other && other.Count == list.Count, $"{where}: expected a list of {list.Count}, read {Show(actual)}");
                for (int i = 0; i < list.Count; i++) Same(list[i], ((List<object?>)actual!)[i], $"{where}[{i}]");
                return;
            case Dictionary<string, object?> map:
                Assert.True(actual is Dictionary<string, object?>, $"{where}: expected an object, read {Show(actual)}");
                foreach (var (key, value) in map) Same(value, ((Dictionary<string, object?>)actual!)[key], $"{where}.{key}");
                return;
            default:
                Assert.True(Equals(expected, actual), $"{where}: expected {Show(expected)}, read {Show(actual)}");
                return;
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        List<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => $"{value} ({value.GetType().Name})",
    };

    /// <summary>Runs the interop scripts with node; fails (never skips) when node or the npm packages are missing.</summary>

    private static JsonDocument RunNode(string script, string file) => JsonDocument.Parse(Etl.Tests.Shared.InteropNode.Run(script, file));
}
