using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;
using Xunit.Abstractions;
using static Etl.Parquet.Tests.Writer.S;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// Random schemas (nested to depth 4, every physical and logical type, nulls anywhere, random repetition) and random
/// data, written with random options and read back with <see cref="ParquetFileReader"/>: levels, values and the
/// column chunk statistics must be what was written. Seeds are fixed; a failure names its seed and schema.
/// </summary>
public class PropertyTests(ITestOutputHelper output)
{
    private const int Cases = 5000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    /// <summary>How the reference orders a leaf's values for min/max (independent of the writer's code).</summary>
    internal enum Order { None, Boolean, Signed, Unsigned, Float, Half, Bytes, SignedBytes }

    internal sealed record LeafSpec(string Label, PhysicalType Type, LogicalType? Logical, ConvertedType? Converted, int Length, Order Order, bool Text);

    private static readonly LeafSpec[] Leaves =
    [
        new("bool", PhysicalType.Boolean, null, null, 0, Order.Boolean, false),
        new("int32", PhysicalType.Int32, null, null, 0, Order.Signed, false),
        new("int8", PhysicalType.Int32, Int(8, true), null, 0, Order.Signed, false),
        new("uint16", PhysicalType.Int32, Int(16, false), null, 0, Order.Unsigned, false),
        new("uint32", PhysicalType.Int32, Int(32, false), null, 0, Order.Unsigned, false),
        new("uint8-legacy", PhysicalType.Int32, null, ConvertedType.Uint8, 0, Order.Unsigned, false),
        new("date", PhysicalType.Int32, L(LogicalTypeKind.Date), null, 0, Order.Signed, false),
        new("dec32", PhysicalType.Int32, Decimal(9, 2), null, 0, Order.Signed, false),
        new("time-ms", PhysicalType.Int32, Time(TimeUnit.Millis, true), null, 0, Order.Signed, false),
        new("int64", PhysicalType.Int64, null, null, 0, Order.Signed, false),
        new("uint64", PhysicalType.Int64, Int(64, false), null, 0, Order.Unsigned, false),
        new("ts-us-utc", PhysicalType.Int64, Timestamp(TimeUnit.Micros, true), null, 0, Order.Signed, false),
        new("ts-ns-local", PhysicalType.Int64, Timestamp(TimeUnit.Nanos, false), null, 0, Order.Signed, false),
        new("dec64", PhysicalType.Int64, Decimal(18, 3), null, 0, Order.Signed, false),
        new("time-us", PhysicalType.Int64, Time(TimeUnit.Micros, false), null, 0, Order.Signed, false),
        new("int96", PhysicalType.Int96, null, null, 12, Order.None, false),
        new("float", PhysicalType.Float, null, null, 0, Order.Float, false),
        new("double", PhysicalType.Double, null, null, 0, Order.Float, false),
        new("binary", PhysicalType.ByteArray, null, null, 0, Order.Bytes, false),
        new("string", PhysicalType.ByteArray, L(LogicalTypeKind.String), null, 0, Order.Bytes, true),
        new("json", PhysicalType.ByteArray, L(LogicalTypeKind.Json), null, 0, Order.Bytes, true),
        new("enum", PhysicalType.ByteArray, L(LogicalTypeKind.Enum), null, 0, Order.Bytes, true),
        new("bson", PhysicalType.ByteArray, L(LogicalTypeKind.Bson), null, 0, Order.Bytes, false),
        new("dec-bytes", PhysicalType.ByteArray, Decimal(20, 2), null, 0, Order.SignedBytes, false),
        new("fixed", PhysicalType.FixedLenByteArray, null, null, -1, Order.Bytes, false),
        new("uuid", PhysicalType.FixedLenByteArray, L(LogicalTypeKind.Uuid), null, 16, Order.Bytes, false),
        new("float16", PhysicalType.FixedLenByteArray, L(LogicalTypeKind.Float16), null, 2, Order.Half, false),
        new("dec-fixed", PhysicalType.FixedLenByteArray, Decimal(10, 2), null, 5, Order.SignedBytes, false),
        new("interval", PhysicalType.FixedLenByteArray, null, ConvertedType.Interval, 12, Order.None, false),
    ];

    private static readonly CompressionCodec[] Codecs =
        [CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Zstd, CompressionCodec.Zstd, CompressionCodec.Lz4Raw, CompressionCodec.Brotli];

    [Fact]
    public void Random_schemas_and_data_round_trip()
    {
        var clock = Stopwatch.StartNew();
        int cases = 0;
        var seen = new HashSet<string>();
        for (int seed = 1; seed <= Cases; seed++)
        {
            if (clock.Elapsed > Budget) break;
            string description = "";
            try
            {
                description = RunCase(seed, seen);
            }
            catch (Exception e)
            {
                Assert.Fail($"property case seed {seed} failed ({description}): {e}");
            }
            cases++;
        }
        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s; seen: {string.Join(", ", seen.Order())}");
        Assert.True(cases >= 1000, $"only {cases} cases ran within {Budget.TotalSeconds} s");
        // The generator must keep reaching every writer path, or the property says less than it seems.
        string[] expected = ["RleDictionary", "Plain", "DeltaBinaryPacked", "ByteStreamSplit", "fallback", "DataPageV2", "DataPage", "DictionaryPage", "many-pages", "depth-4"];
        Assert.All(expected, e => Assert.Contains(e, seen));
    }

    /// <summary>One generated case: schema, the reference's view of each leaf, writer options and row groups of records.</summary>
    internal sealed record Case(List<SchemaElement> Schema, Dictionary<string, LeafSpec> Specs, ParquetWriterOptions Options, object?[][][] RowGroups, string Description);

    /// <summary>Runs one case; returns a description of it (seed, options, schema) for failure messages.</summary>
    internal static string RunCase(int seed, HashSet<string>? seen = null)
    {
        var (schema, specs, options, rowGroups, description) = Generate(seed);
        var parquetSchema = ParquetSchema.Build(schema);
        var file = WriterTest.RoundTrip(schema, options, rowGroups);
        using var reader = WriterTest.Open(file);
        if (seen is not null) NoteCoverage(file, reader, seen);
        if (!options.Statistics) return description;
        var nonEmpty = rowGroups.Where(g => g.Length > 0).ToList();
        for (int g = 0; g < nonEmpty.Count; g++)
        {
            var expected = WriterTest.Shred(schema, nonEmpty[g]);
            for (int c = 0; c < expected.Length; c++)
            {
                var column = parquetSchema.Columns[c];
                var spec = specs[column.DottedPath];
                CheckStatistics(expected[c], spec, reader.Metadata.RowGroups[g].Columns[c].MetaData!.Statistics, $"row group {g} column {column.DottedPath}");
            }
        }
        return description;
    }

    /// <summary>
    /// The case of <paramref name="seed"/>: a random schema, options and 0-3 row groups of random records,
    /// <paramref name="rowScale"/> times as many rows as the property test uses.
    /// </summary>
    internal static Case Generate(int seed, int rowScale = 1)
    {
        var random = new Random(seed);
        var specs = new Dictionary<string, LeafSpec>();
        int fieldCount = 1 + random.Next(4);
        var fields = new Field[fieldCount];
        for (int i = 0; i < fieldCount; i++) fields[i] = RandomField(random, $"f{i}", 0, specs, allowRepeated: true);
        var schema = Tree(fields);
        var options = new ParquetWriterOptions
        {
            Compression = Codecs[random.Next(Codecs.Length)],
            DataPageVersion = random.Next(3) == 0 ? 2 : 1,
            Dictionary = random.Next(5) != 0,
            Statistics = random.Next(8) != 0,
            PageBytes = random.Next(3) switch { 0 => 1 + random.Next(64), 1 => 64 + random.Next(4096), _ => 1024 * 1024 },
            DictionaryBytesLimit = random.Next(3) switch { 0 => random.Next(256), 1 => 256 + random.Next(8192), _ => 1024 * 1024 },
        };
        var description = $"seed {seed}, {options}, schema {Describe(schema)}";

        var parquetSchema = ParquetSchema.Build(schema);
        var styles = new int[parquetSchema.Columns.Count];
        for (int i = 0; i < styles.Length; i++) styles[i] = random.Next(5);
        var generator = new ValueGenerator(random, parquetSchema, specs, styles);
        int groups = random.Next(4);
        var rowGroups = new object?[groups][][];
        for (int g = 0; g < groups; g++)
        {
            int rows = (random.Next(8) == 0 ? 0 : random.Next(10) == 0 ? 200 + random.Next(600) : 1 + random.Next(40)) * rowScale;
            rowGroups[g] = new object?[rows][];
            for (int r = 0; r < rows; r++) rowGroups[g][r] = generator.Record();
        }
        return new Case(schema, specs, options, rowGroups, description);
    }

    private static void NoteCoverage(byte[] file, ParquetFileReader reader, HashSet<string> seen)
    {
        if (reader.Schema.Columns.Any(c => c.Node.Depth >= 5)) seen.Add("depth-4");
        foreach (var group in reader.Metadata.RowGroups)
        {
            foreach (var chunk in group.Columns)
            {
                var pages = WriterTest.Pages(file, chunk.MetaData!);
                if (pages.Count > 3) seen.Add("many-pages");
                bool dictionaryPages = false, otherPages = false;
                foreach (var page in pages)
                {
                    seen.Add(page.Header.Type.ToString());
                    var encoding = page.Header.DataPageHeader?.Encoding ?? page.Header.DataPageHeaderV2?.Encoding;
                    if (encoding is { } e)
                    {
                        seen.Add(e.ToString());
                        if (e == Etl.Parquet.Meta.Encoding.RleDictionary) dictionaryPages = true;
                        else otherPages = true;
                    }
                }
                if (dictionaryPages && otherPages) seen.Add("fallback");
            }
        }
    }

    private static Field RandomField(Random random, string name, int depth, Dictionary<string, LeafSpec> specs, bool allowRepeated, string prefix = "")
    {
        int roll = random.Next(10);
        var repetition = roll < 3 ? Req : roll < 8 || !allowRepeated ? Opt : Rep;
        int kind = depth >= 4 ? 0 : random.Next(10);
        string path = prefix + name;
        switch (kind)
        {
            case 5 or 6:
                int n = 1 + random.Next(3);
                var children = new Field[n];
                for (int i = 0; i < n; i++) children[i] = RandomField(random, $"c{i}", depth + 1, specs, true, path + ".");
                return Group(name, repetition, children);
            case 7 or 8:
                var element = RandomField(random, "element", depth + 1, specs, false, path + ".list.");
                return List(name, repetition == Rep ? Opt : repetition, element);
            case 9:
                var keySpec = random.Next(2) == 0 ? Leaves[19] : Leaves[9];
                var key = Leaf("key", keySpec.Type, Req, keySpec.Logical, keySpec.Converted);
                specs[path + ".key_value.key"] = keySpec;
                var value = RandomField(random, "value", depth + 1, specs, false, path + ".key_value.");
                return Map(name, repetition == Rep ? Opt : repetition, key, value);
            default:
                var spec = Leaves[random.Next(Leaves.Length)];
                if (spec.Length < 0) spec = spec with { Length = 1 + random.Next(20) };
                specs[path] = spec;
                return Leaf(name, spec.Type, repetition, spec.Logical, spec.Converted,
                    spec.Type is PhysicalType.FixedLenByteArray ? spec.Length : null,
                    spec.Converted == ConvertedType.Decimal ? 2 : null, null);
        }
    }

    private static string Describe(List<SchemaElement> schema)
    {
        var sb = new StringBuilder();
        int index = 1;
        void Walk()
        {
            var e = schema[index++];
            sb.Append(e.RepetitionType switch { FieldRepetitionType.Required => "required ", FieldRepetitionType.Repeated => "repeated ", _ => "" });
            sb.Append(e.Name);
            if (e.Type is { } t) sb.Append(':').Append(t).Append(e.LogicalType is { } l ? $"({l.Kind})" : "").Append(e.TypeLength is { } len ? $"[{len}]" : "");
            if (e.NumChildren is { } n)
            {
                sb.Append(e.LogicalType is { } l ? $"<{l.Kind}>" : "").Append(" { ");
                for (int i = 0; i < n; i++) Walk();
                sb.Append("} ");
            }
            else sb.Append("; ");
        }
        while (index < schema.Count) Walk();
        return sb.ToString();
    }

    /// <summary>Record values for a schema; each leaf has a style (random, few distinct, sequential, constant, specials).</summary>
    private sealed class ValueGenerator(Random random, ParquetSchema schema, Dictionary<string, LeafSpec> specs, int[] styles)
    {
        private readonly long[] _counters = new long[schema.Columns.Count];

        public object?[] Record()
        {
            var children = schema.Root.Children;
            var record = new object?[children.Count];
            for (int i = 0; i < record.Length; i++) record[i] = Field(children[i]);
            return record;
        }

        private object? Field(SchemaNode node) => node.Repetition switch
        {
            FieldRepetitionType.Required => Value(node),
            FieldRepetitionType.Optional => random.Next(4) == 0 ? null : Value(node),
            _ => random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => Value(node)).ToList(),
        };

        private object Value(SchemaNode node)
        {
            if (!node.IsLeaf) return node.Children.Select(Field).ToArray();
            var column = node.Column!;
            return Leaf(specs[column.DottedPath], column.Index, column.TypeLength);
        }

        private object Leaf(LeafSpec spec, int column, int length)
        {
            int style = styles[column];
            long counter = _counters[column]++;
            long few = random.Next(4) - 1;
            switch (spec.Type)
            {
                case PhysicalType.Boolean: return style == 3 || random.Next(2) == 0;
                case PhysicalType.Int32:
                    return style switch
                    {
                        1 => (int)few * 1000,
                        2 => (int)(counter * 3),
                        3 => 42,
                        4 => random.Next(4) switch { 0 => int.MinValue, 1 => int.MaxValue, 2 => -1, _ => 0 },
                        _ => random.Next(int.MinValue, int.MaxValue),
                    };
                case PhysicalType.Int64:
                    return style switch
                    {
                        1 => few * 1_000_000_007L,
                        2 => 1_700_000_000_000_000L + counter * 1_000_003L,
                        3 => -7L,
                        4 => random.Next(4) switch { 0 => long.MinValue, 1 => long.MaxValue, 2 => -1L, _ => 0L },
                        _ => random.NextInt64(long.MinValue, long.MaxValue),
                    };
                case PhysicalType.Float: return (float)Double(style, counter, few);
                case PhysicalType.Double: return Double(style, counter, few);
                case PhysicalType.ByteArray:
                    if (spec.Order == Order.SignedBytes) return Bytes(1 + random.Next(style == 1 ? 1 : 9), style);
                    if (spec.Text)
                    {
                        return style switch
                        {
                            1 => $"cat-{few}",
                            2 => $"key-{counter:D6}",
                            3 => "",
                            4 => random.Next(3) == 0 ? new string('é', 30 + random.Next(20)) + "x" : "long-" + new string((char)('a' + random.Next(26)), 60 + random.Next(30)),
                            _ => RandomText(random.Next(12)),
                        };
                    }
                    return style switch
                    {
                        2 => BitConverter.GetBytes(counter),
                        4 => Bytes(60 + random.Next(20), style),
                        _ => Bytes(random.Next(style == 1 ? 2 : 12), style),
                    };
                default:
                    if (spec.Order == Order.Half)
                    {
                        var h = style == 4 ? random.Next(4) switch { 0 => Half.NaN, 1 => Half.NegativeZero, 2 => Half.PositiveInfinity, _ => Half.Zero } : (Half)(float)Double(style, counter, few);
                        var b = new byte[2];
                        BinaryPrimitives.WriteUInt16LittleEndian(b, BitConverter.HalfToUInt16Bits(h));
                        return b;
                    }
                    return Bytes(spec.Type == PhysicalType.Int96 ? 12 : length, style);
            }
        }

        private double Double(int style, long counter, long few) => style switch
        {
            1 => few * 0.5,
            2 => counter * 0.25,
            3 => 3.5,
            4 => random.Next(6) switch { 0 => double.NaN, 1 => -0.0, 2 => 0.0, 3 => double.NegativeInfinity, 4 => double.PositiveInfinity, _ => double.Epsilon },
            _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 10)),
        };

        private byte[] Bytes(int length, int style)
        {
            var b = new byte[length];
            if (style == 1) b.AsSpan().Fill((byte)random.Next(3));
            else if (style == 3) b.AsSpan().Fill(0xFF);
            else random.NextBytes(b);
            return b;
        }

        private string RandomText(int length)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                sb.Append(random.Next(6) switch
                {
                    0 => "é",
                    1 => "中",
                    2 => "😀",
                    3 => "~",
                    _ => (char)('a' + random.Next(26)),
                });
            }
            return sb.ToString();
        }
    }

    // ----- reference statistics -----

    private static void CheckStatistics(ColumnBatch batch, LeafSpec spec, Statistics? stats, string where)
    {
        Assert.True(stats is not null, $"{where}: statistics missing");
        int entries = WriterTest.Entries(batch);
        Assert.True(entries - batch.ValueCount == stats!.NullCount, $"{where}: null_count {stats.NullCount}, expected {entries - batch.ValueCount}");
        var values = new List<byte[]>();
        for (int i = 0; i < batch.ValueCount; i++)
        {
            var v = Plain(batch, i);
            if (IsNaN(spec, v)) continue;
            values.Add(v);
        }
        if (spec.Order == Order.None || values.Count == 0)
        {
            Assert.True(stats.MinValue is null && stats.MaxValue is null, $"{where}: no min/max expected");
            return;
        }
        var comparer = Comparer<byte[]>.Create((a, b) => Compare(spec, a, b));
        var min = values.Min(comparer)!;
        var max = values.Max(comparer)!;
        Assert.True(stats.MinValue is not null && stats.MaxValue is not null, $"{where}: min/max missing");
        if (spec.Type == PhysicalType.ByteArray && spec.Order == Order.Bytes)
        {
            // Long values may be truncated: the bounds must still hold, exactness must be reported.
            Assert.True(Compare(spec, stats.MinValue!, min) <= 0 && Compare(spec, stats.MaxValue!, max) >= 0, $"{where}: bounds do not hold");
            Assert.True(stats.IsMinValueExact == stats.MinValue!.AsSpan().SequenceEqual(min), $"{where}: is_min_value_exact wrong");
            Assert.True(stats.IsMaxValueExact == stats.MaxValue!.AsSpan().SequenceEqual(max), $"{where}: is_max_value_exact wrong");
            Assert.True(stats.MinValue!.Length <= 64 || stats.IsMinValueExact == true, $"{where}: long min");
            if (spec.Text)
            {
                Assert.True(IsValidUtf8(stats.MinValue!) && IsValidUtf8(stats.MaxValue!), $"{where}: bounds are not valid UTF-8");
            }
            return;
        }
        Assert.True(Normalize(spec, min, isMax: false).AsSpan().SequenceEqual(stats.MinValue), $"{where}: min {Convert.ToHexString(stats.MinValue!)}, expected {Convert.ToHexString(min)}");
        Assert.True(Normalize(spec, max, isMax: true).AsSpan().SequenceEqual(stats.MaxValue), $"{where}: max {Convert.ToHexString(stats.MaxValue!)}, expected {Convert.ToHexString(max)}");
        Assert.True(stats.IsMinValueExact == true && stats.IsMaxValueExact == true, $"{where}: exact flags");
    }

    private static bool IsValidUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] Plain(ColumnBatch batch, int i) => batch.Column.PhysicalType switch
    {
        PhysicalType.Boolean => [batch.Booleans[i] ? (byte)1 : (byte)0],
        PhysicalType.Int32 => BitConverter.GetBytes(batch.Int32s[i]),
        PhysicalType.Int64 => BitConverter.GetBytes(batch.Int64s[i]),
        PhysicalType.Float => BitConverter.GetBytes(batch.Floats[i]),
        PhysicalType.Double => BitConverter.GetBytes(batch.Doubles[i]),
        PhysicalType.ByteArray => batch.ByteArrays[i].ToArray(),
        _ => batch.FixedValue(i).ToArray(),
    };

    private static bool IsNaN(LeafSpec spec, byte[] v) => spec.Order switch
    {
        Order.Float => v.Length == 4 ? float.IsNaN(BitConverter.ToSingle(v)) : double.IsNaN(BitConverter.ToDouble(v)),
        Order.Half => Half.IsNaN(BitConverter.ToHalf(v)),
        _ => false,
    };

    private static int Compare(LeafSpec spec, byte[] a, byte[] b)
    {
        switch (spec.Order)
        {
            case Order.Boolean: return a[0].CompareTo(b[0]);
            case Order.Signed: return a.Length == 4 ? BitConverter.ToInt32(a).CompareTo(BitConverter.ToInt32(b)) : BitConverter.ToInt64(a).CompareTo(BitConverter.ToInt64(b));
            case Order.Unsigned: return a.Length == 4 ? BitConverter.ToUInt32(a).CompareTo(BitConverter.ToUInt32(b)) : BitConverter.ToUInt64(a).CompareTo(BitConverter.ToUInt64(b));
            case Order.Float:
                double x = a.Length == 4 ? BitConverter.ToSingle(a) : BitConverter.ToDouble(a), y = b.Length == 4 ? BitConverter.ToSingle(b) : BitConverter.ToDouble(b);
                return x < y ? -1 : x > y ? 1 : 0;
            case Order.Half:
                float hx = (float)BitConverter.ToHalf(a), hy = (float)BitConverter.ToHalf(b);
                return hx < hy ? -1 : hx > hy ? 1 : 0;
            case Order.SignedBytes:
                var bx = new System.Numerics.BigInteger(a, isUnsigned: false, isBigEndian: true);
                var by = new System.Numerics.BigInteger(b, isUnsigned: false, isBigEndian: true);
                return bx.CompareTo(by);
            default:
                return a.AsSpan().SequenceCompareTo(b);
        }
    }

    /// <summary>The format's zero rule: a zero min is written -0, a zero max +0.</summary>
    private static byte[] Normalize(LeafSpec spec, byte[] v, bool isMax)
    {
        if (spec.Order == Order.Float && v.Length == 4 && BitConverter.ToSingle(v) == 0) return BitConverter.GetBytes(isMax ? 0f : -0f);
        if (spec.Order == Order.Float && v.Length == 8 && BitConverter.ToDouble(v) == 0) return BitConverter.GetBytes(isMax ? 0d : -0d);
        if (spec.Order == Order.Half && (float)BitConverter.ToHalf(v) == 0) return BitConverter.GetBytes(BitConverter.HalfToUInt16Bits(isMax ? Half.Zero : Half.NegativeZero));
        return v;
    }
}
