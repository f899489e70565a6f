using System.Text.Json;
using System.Text.Unicode;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Parquet values to JSON as tests/data/spec/parquet-json.md specifies, for values at the edges of their types,
/// written by <see cref="ParquetFileBuilder"/> and read back through the reader and the converter.
/// </summary>
public class ValueMappingTests
{
    private const FieldRepetitionType Required = FieldRepetitionType.Required;
    private const FieldRepetitionType Repeated = FieldRepetitionType.Repeated;
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    [Fact]
    public void Int96_timestamps()
    {
        static int Julian(DateOnly d) => d.DayNumber - DateOnly.FromDateTime(Epoch).DayNumber + 2_440_588;
        var b = new ParquetFileBuilder(S.Leaf("t", PhysicalType.Int96));
        b.RowGroup().Column().V1(
            Enc.Fixed(
                Enc.Int96(0, 2_440_588),
                Enc.Int96(60_000_000_000, Julian(new DateOnly(2009, 3, 1))),
                Enc.Int96(1, Julian(new DateOnly(1969, 12, 31))),
                Enc.Int96(86_399_999_999_999, Julian(new DateOnly(1, 1, 1)))),
            def: [1, 1, 0, 1, 1]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"t":"1970-01-01T00:00:00Z"}""",
            """{"t":"2009-03-01T00:01:00Z"}""",
            """{"t":null}""",
            """{"t":"1969-12-31T00:00:00.000000001Z"}""",
            """{"t":"0001-01-01T23:59:59.999999999Z"}""",
        ]);
    }

    [Fact]
    public void Decimals_on_int32_int64_fixed_and_byte_array()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("d32", PhysicalType.Int32, logical: S.Decimal(9, 2)),
            S.Leaf("d64", PhysicalType.Int64, logical: S.Decimal(18, 4)),
            S.Leaf("dfixed", PhysicalType.FixedLenByteArray, length: 5, logical: S.Decimal(11, 2)),
            S.Leaf("dbytes", PhysicalType.ByteArray, logical: S.Decimal(38, 10)),
            S.Leaf("legacy", PhysicalType.Int32, converted: ConvertedType.Decimal, scale: 3, precision: 5));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(12345, -5, 5, 0), def: [1, 1, 1, 1]);
        g.Column().V1(Enc.Plain(-1234567890123L, 0L, 5L, long.MinValue), def: [1, 1, 1, 1]);
        g.Column().V1(Enc.Fixed(Enc.BigEndian(12345678901, 5), Enc.BigEndian(-1, 5), Enc.BigEndian(5, 5), Enc.BigEndian(-549755813888, 5)), def: [1, 1, 1, 1]);
        // 1 byte, 0 bytes (zero), 16 bytes, 17 bytes (sign-extended -10^37).
        var tenTo37 = System.Numerics.BigInteger.Pow(10, 37);
        g.Column().V1(Enc.Plain([0xFB], [], (tenTo37 * 10 - 1).ToByteArray(isUnsigned: false, isBigEndian: true),
            [0xFF, .. (-tenTo37).ToByteArray(isUnsigned: false, isBigEndian: true)]), def: [1, 1, 1, 1]);
        g.Column().V1(Enc.Plain(-99999, 50, 0, 7), def: [1, 1, 1, 1]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"d32":123.45,"d64":-123456789.0123,"dfixed":123456789.01,"dbytes":-0.0000000005,"legacy":-99.999}""",
            """{"d32":-0.05,"d64":0.0000,"dfixed":-0.01,"dbytes":0.0000000000,"legacy":0.050}""",
            """{"d32":0.05,"d64":0.0005,"dfixed":0.05,"dbytes":9999999999999999999999999999.9999999999,"legacy":0.000}""",
            """{"d32":0.00,"d64":-922337203685477.5808,"dfixed":-5497558138.88,"dbytes":-1000000000000000000000000000.0000000000,"legacy":0.007}""",
        ]);
    }

    [Fact]
    public void Uuid_is_canonical_lowercase()
    {
        var b = new ParquetFileBuilder(S.Leaf("u", PhysicalType.FixedLenByteArray, length: 16, logical: S.Uuid));
        b.RowGroup().Column().V1(Enc.Fixed(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), Convert.FromHexString("03E6C61603F6C550AB49AB6A2D83F793")), def: [1, 0, 1]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"u":"00112233-4455-6677-8899-aabbccddeeff"}""",
            """{"u":null}""",
            """{"u":"03e6c616-03f6-c550-ab49-ab6a2d83f793"}""",
        ]);
    }

    [Fact]
    public void Dates_before_1970_and_at_the_ends_of_the_four_digit_years()
    {
        static int Days(int y, int m, int d) => new DateOnly(y, m, d).DayNumber - DateOnly.FromDateTime(Epoch).DayNumber;
        var b = new ParquetFileBuilder(S.Leaf("d", PhysicalType.Int32, Required, logical: S.Date));
        b.RowGroup().Required(Enc.Plain(Days(1969, 12, 31), Days(1, 1, 1), Days(9999, 12, 31), 0, Days(1900, 2, 28), Days(2000, 2, 29)), 6);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"d":"1969-12-31"}""", """{"d":"0001-01-01"}""", """{"d":"9999-12-31"}""", """{"d":"1970-01-01"}""", """{"d":"1900-02-28"}""", """{"d":"2000-02-29"}""",
        ]);
    }

    [Fact]
    public void Timestamps_in_every_unit_utc_and_local()
    {
        static long Ticks(int y, int mo, int d, int h, int mi, int s, int ms = 0) =>
            new DateTime(y, mo, d, h, mi, s, ms, DateTimeKind.Utc).Ticks - Epoch.Ticks;
        var b = new ParquetFileBuilder(
            S.Leaf("ms_utc", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Millis, utc: true)),
            S.Leaf("ms_local", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Millis, utc: false)),
            S.Leaf("us_utc", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Micros, utc: true)),
            S.Leaf("us_local", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Micros, utc: false)),
            S.Leaf("ns_utc", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Nanos, utc: true)),
            S.Leaf("ns_local", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Nanos, utc: false)),
            S.Leaf("legacy_ms", PhysicalType.Int64, Required, converted: ConvertedType.TimestampMillis));
        var g = b.RowGroup();
        g.Required(Enc.Plain(Ticks(2022, 1, 11, 12, 53, 20) / 10_000, -1L), 2);
        g.Required(Enc.Plain(Ticks(1, 1, 1, 0, 0, 0) / 10_000, Ticks(9999, 12, 31, 23, 59, 59, 999) / 10_000), 2);
        g.Required(Enc.Plain(1_500_000L, Ticks(1900, 1, 1, 0, 0, 0) / 10 + 1), 2);
        g.Required(Enc.Plain(Ticks(2042, 10, 25, 8, 0, 24, 600) / 10, 0L), 2);
        g.Required(Enc.Plain(Ticks(1900, 1, 1, 0, 0, 0) * 100 + 123_456_789, long.MaxValue), 2);
        g.Required(Enc.Plain(500L, long.MinValue), 2);
        g.Required(Enc.Plain(Ticks(2009, 3, 1, 0, 1, 0) / 10_000, 1L), 2);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"ms_utc":"2022-01-11T12:53:20Z","ms_local":"0001-01-01T00:00:00","us_utc":"1970-01-01T00:00:01.5Z","us_local":"2042-10-25T08:00:24.6","ns_utc":"1900-01-01T00:00:00.123456789Z","ns_local":"1970-01-01T00:00:00.0000005","legacy_ms":"2009-03-01T00:01:00Z"}""",
            """{"ms_utc":"1969-12-31T23:59:59.999Z","ms_local":"9999-12-31T23:59:59.999","us_utc":"1900-01-01T00:00:00.000001Z","us_local":"1970-01-01T00:00:00","ns_utc":"2262-04-11T23:47:16.854775807Z","ns_local":"1677-09-21T00:12:43.145224192","legacy_ms":"1970-01-01T00:00:00.001Z"}""",
        ]);
    }

    [Fact]
    public void Times_in_every_unit()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("ms", PhysicalType.Int32, logical: S.Time(TimeUnit.Millis, utc: true)),
            S.Leaf("us", PhysicalType.Int64, logical: S.Time(TimeUnit.Micros, utc: false)),
            S.Leaf("ns", PhysicalType.Int64, logical: S.Time(TimeUnit.Nanos, utc: true)),
            S.Leaf("legacy_us", PhysicalType.Int64, converted: ConvertedType.TimeMicros));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(18_261_003, 0, 86_399_999), def: [1, 1, 1]);
        g.Column().V1(Enc.Plain(1L, 43_200_000_000L), def: [1, 0, 1]);
        g.Column().V1(Enc.Plain(86_399_999_999_999L, 10L, 1_000_000_000L), def: [1, 1, 1]);
        g.Column().V1(Enc.Plain(3_723_000_100L), def: [1, 0, 0]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"ms":"05:04:21.003","us":"00:00:00.000001","ns":"23:59:59.999999999","legacy_us":"01:02:03.0001"}""",
            """{"ms":"00:00:00","us":null,"ns":"00:00:00.00000001","legacy_us":null}""",
            """{"ms":"23:59:59.999","us":"12:00:00","ns":"00:00:01","legacy_us":null}""",
        ]);
    }

    [Fact]
    public void Integers_at_their_limits_signed_and_unsigned()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("i8", PhysicalType.Int32, Required, logical: S.Int(8, signed: true)),
            S.Leaf("u8", PhysicalType.Int32, Required, logical: S.Int(8, signed: false)),
            S.Leaf("u16", PhysicalType.Int32, Required, logical: S.Int(16, signed: false)),
            S.Leaf("u32", PhysicalType.Int32, Required, logical: S.Int(32, signed: false)),
            S.Leaf("u64", PhysicalType.Int64, Required, logical: S.Int(64, signed: false)),
            S.Leaf("i64", PhysicalType.Int64, Required),
            S.Leaf("legacy_u64", PhysicalType.Int64, Required, converted: ConvertedType.Uint64),
            S.Leaf("legacy_u32", PhysicalType.Int32, Required, converted: ConvertedType.Uint32));
        var g = b.RowGroup();
        g.Required(Enc.Plain(-128, 127), 2);
        g.Required(Enc.Plain(255, 0), 2);
        g.Required(Enc.Plain(65535, 1), 2);
        g.Required(Enc.Plain(-1, int.MinValue), 2);
        g.Required(Enc.Plain(-1L, long.MinValue), 2);
        g.Required(Enc.Plain(long.MinValue, long.MaxValue), 2);
        g.Required(Enc.Plain(-1L, 0L), 2);
        g.Required(Enc.Plain(-1, 7), 2);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"i8":-128,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"i64":-9223372036854775808,"legacy_u64":18446744073709551615,"legacy_u32":4294967295}""",
            """{"i8":127,"u8":0,"u16":1,"u32":2147483648,"u64":9223372036854775808,"i64":9223372036854775807,"legacy_u64":0,"legacy_u32":7}""",
        ]);
    }

    [Fact]
    public void Floats_non_finite_as_strings_and_finite_in_shortest_form()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("f", PhysicalType.Float, Required),
            S.Leaf("d", PhysicalType.Double, Required),
            S.Leaf("h", PhysicalType.FixedLenByteArray, Required, length: 2, logical: new LogicalType { Kind = LogicalTypeKind.Float16 }));
        static byte[] Half(Half h) => BitConverter.GetBytes(h);
        var g = b.RowGroup();
        g.Required(Enc.Plain(float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.1f, 0.1f, 16777217f), 6);
        g.Required(Enc.Plain(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.1, 0.1, 1e21), 6);
        g.Required(Enc.Fixed(Half(System.Half.NaN), Half(System.Half.PositiveInfinity), Half(System.Half.NegativeInfinity), Half((Half)1.5f), Half((Half)0.1f), Half(System.Half.MaxValue)), 6);
        var rows = BuiltFile.Rows(b.Build());
        Assert.Equal(
        [
            """{"f":"NaN","d":"NaN","h":"NaN"}""",
            """{"f":"Infinity","d":"Infinity","h":"Infinity"}""",
            """{"f":"-Infinity","d":"-Infinity","h":"-Infinity"}""",
            """{"f":1.1,"d":1.1,"h":1.5}""",
        ], rows[..4]);
        // Finite values are numbers that parse back to the same float, in shortest form.
        using var row4 = JsonDocument.Parse(rows[4]);
        Assert.Equal("0.1", row4.RootElement.GetProperty("f").GetRawText());
        Assert.Equal("0.1", row4.RootElement.GetProperty("d").GetRawText());
        Assert.Equal((Half)0.1f, (Half)row4.RootElement.GetProperty("h").GetDouble());
        using var row5 = JsonDocument.Parse(rows[5]);
        Assert.Equal(16777216f, row5.RootElement.GetProperty("f").GetSingle());
        Assert.Equal(1e21, row5.RootElement.GetProperty("d").GetDouble());
        Assert.Equal(System.Half.MaxValue, (Half)row5.RootElement.GetProperty("h").GetDouble());
    }

    [Fact]
    public void Json_column_is_embedded_compact_on_one_line()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("j", PhysicalType.ByteArray, logical: S.Json),
            S.Leaf("legacy", PhysicalType.ByteArray, converted: ConvertedType.Json));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain("{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ],\n  \"c\": \"x y\"\n}", "  [1, 2.50, \"é\"]\r\n", "\"text\"", "42"), def: [1, 1, 1, 1, 0]);
        g.Column().V1(Enc.Plain("{\"k\" :\t{ }}"), def: [1, 0, 0, 0, 0]);
        var rows = BuiltFile.Rows(b.Build());
        Assert.Equal(
        [
            """{"j":{"a":1,"b":[true,null],"c":"x y"},"legacy":{"k":{}}}""",
            """{"j":[1,2.50,"é"],"legacy":null}""",
            """{"j":"text","legacy":null}""",
            """{"j":42,"legacy":null}""",
            """{"j":null,"legacy":null}""",
        ], rows);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_becomes_replacement_characters_in_valid_json()
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, Required, logical: S.String));
        b.RowGroup().Required(Enc.Plain([0x61, 0xFF, 0x62], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80]), 4);
        var output = BuiltFile.Rows(b.Build());
        Assert.Equal(4, output.Length);
        string[] expected = ["a\uFFFDb", "\uFFFD(", "\uFFFD", "\uFFFD\uFFFD\uFFFD"];
        for (var i = 0; i < output.Length; i++)
        {
            Assert.True(Utf8.IsValid(System.Text.Encoding.UTF8.GetBytes(output[i])));
            using var row = JsonDocument.Parse(output[i]);
            Assert.Equal(expected[i], row.RootElement.GetProperty("s").GetString());
        }
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped()
    {
        const string text = "say \"hi\" \\ C:\\path\nnext\tline\r\u0001\u001f\b\f end";
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, Required, logical: S.String), S.Leaf("k\"ey\n", PhysicalType.Int32, Required));
        var g = b.RowGroup();
        g.Required(Enc.Plain(text), 1);
        g.Required(Enc.Plain(1), 1);
        var rows = BuiltFile.Rows(b.Build());
        Assert.Equal(["""{"s":"say \"hi\" \\ C:\\path\nnext\tline\r\u0001\u001f\b\f end","k\"ey\n":1}"""], rows);
        using var row = JsonDocument.Parse(rows[0]);
        Assert.Equal(text, row.RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void Years_outside_0001_to_9999_use_the_expanded_form()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("d", PhysicalType.Int32, Required, logical: S.Date),
            S.Leaf("ts", PhysicalType.Int64, Required, logical: S.Timestamp(TimeUnit.Micros, utc: true)));
        var g = b.RowGroup();
        // Day counts from DuckDB: DATE '0045-03-15 (BC)', '226414-01-07', '0001-12-31 (BC)' (year 0), '10000-01-01'.
        g.Required(Enc.Plain(-735_525, 81_976_494, -719_163, 2_932_897), 4);
        g.Required(Enc.Plain(long.MaxValue, long.MinValue, 0L, -62_135_596_800_000_001L), 4);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"d":"-000044-03-15","ts":"+294247-01-10T04:00:54.775807Z"}""",
            """{"d":"+226414-01-07","ts":"-290308-12-21T19:59:05.224192Z"}""",
            """{"d":"+000000-12-31","ts":"1970-01-01T00:00:00Z"}""",
            """{"d":"+010000-01-01","ts":"+000000-12-31T23:59:59.999999Z"}""",
        ]);
    }

    [Fact]
    public void Interval_bson_enum_and_unannotated_bytes()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("iv", PhysicalType.FixedLenByteArray, length: 12, converted: ConvertedType.Interval),
            S.Leaf("bson", PhysicalType.ByteArray, logical: new LogicalType { Kind = LogicalTypeKind.Bson }),
            S.Leaf("e", PhysicalType.ByteArray, logical: new LogicalType { Kind = LogicalTypeKind.Enum }),
            S.Leaf("raw", PhysicalType.ByteArray),
            S.Leaf("fixed", PhysicalType.FixedLenByteArray, length: 3));
        var g = b.RowGroup();
        g.Column().V1(Enc.Fixed([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xE8, 0x03, 0, 0]), def: [1, 1]);
        g.Column().V1(Enc.Plain([0x05, 0x00, 0x00, 0x00, 0x00], [0xCC, 0x1F, 0x69, 0x40]), def: [1, 1]);
        g.Column().V1(Enc.Plain("RED", "GREEN"), def: [1, 1]);
        g.Column().V1(Enc.Plain([], [0xFB, 0xFF]), def: [1, 1]);
        g.Column().V1(Enc.Fixed([0, 0, 0], [0xFF, 0xFE, 0xFD]), def: [1, 1]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"iv":{"months":1,"days":2,"millis":3},"bson":"BQAAAAA=","e":"RED","raw":"","fixed":"AAAA"}""",
            """{"iv":{"months":4294967295,"days":0,"millis":1000},"bson":"zB9pQA==","e":"GREEN","raw":"+/8=","fixed":"//79"}""",
        ]);
    }

    public static TheoryData<string, byte[]> OddJsonDocuments => new()
    {
        { "invalid UTF-8 in a string", [.. "{\"a\":\""u8, 0xFF, .. "\"}"u8] },
        { "lone surrogate escape", [.. "[\"\\ud800\"]"u8] },
        { "truncated", [.. "[1,"u8] },
        { "two documents", [.. "{\"a\":1} {\"b\":2}"u8] },
        { "nested deeper than 256", System.Text.Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300)) },
    };

    [Theory]
    [MemberData(nameof(OddJsonDocuments))]
    public void Json_column_whatever_it_holds_gives_one_valid_json_row(string what, byte[] content)
    {
        var b = new ParquetFileBuilder(S.Leaf("j", PhysicalType.ByteArray, Required, logical: S.Json));
        b.RowGroup().Required(Enc.Plain(content), 1);
        var row = Assert.Single(BuiltFile.Rows(b.Build(), name: "Json_column_" + what.Replace(' ', '_')));
        using var document = JsonDocument.Parse(row);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        if (Utf8.IsValid(content) && what != "lone surrogate escape")
        {
            // Not JSON (or too deep): kept as the string it is.
            Assert.Equal(System.Text.Encoding.UTF8.GetString(content), document.RootElement.GetProperty("j").GetString());
        }
    }

    [Fact]
    public void Map_with_string_keys_is_an_object_other_keys_an_array_of_entries()
    {
        var b = new ParquetFileBuilder(
            S.Group("m", 1, logical: S.Map),
            S.Group("key_value", 2, Repeated),
            S.Leaf("key", PhysicalType.ByteArray, Required, logical: S.String),
            S.Leaf("value", PhysicalType.Int32),
            S.Group("im", 1, logical: S.Map),
            S.Group("key_value", 2, Repeated),
            S.Leaf("key", PhysicalType.Int32, Required),
            S.Leaf("value", PhysicalType.ByteArray, logical: S.String));
        var g = b.RowGroup();
        // Rows: {"k2":200000,"z":null}, {}, null, {"a":1}
        g.Column().V1(Enc.Plain("k2", "z", "a"), rep: [0, 1, 0, 0, 0], def: [2, 2, 1, 0, 2]);
        g.Column().V1(Enc.Plain(200000, 1), rep: [0, 1, 0, 0, 0], def: [3, 2, 1, 0, 3]);
        // Rows: [{1,"a"},{2,null}], [], null, [{-7,"z"}]
        g.Column().V1(Enc.Plain(1, 2, -7), rep: [0, 1, 0, 0, 0], def: [2, 2, 1, 0, 2]);
        g.Column().V1(Enc.Plain("a", "z"), rep: [0, 1, 0, 0, 0], def: [3, 2, 1, 0, 3]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"m":{"k2":200000,"z":null},"im":[{"key":1,"value":"a"},{"key":2,"value":null}]}""",
            """{"m":{},"im":[]}""",
            """{"m":null,"im":null}""",
            """{"m":{"a":1},"im":[{"key":-7,"value":"z"}]}""",
        ]);
    }
}
