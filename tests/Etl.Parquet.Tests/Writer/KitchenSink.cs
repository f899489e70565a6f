using System.Buffers.Binary;
using System.Numerics;
using Etl.Parquet.Meta;
using static Etl.Parquet.Tests.Writer.S;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// A schema with every physical type, the common logical types and nesting (struct, list, map, list of struct of
/// map of list), plus deterministic rows with nulls and empty collections. Row i's values are computable from i,
/// so tests reading the file with other readers can state what they must see.
/// </summary>
internal static class KitchenSink
{
    public static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static List<SchemaElement> Schema() => Tree(
        Leaf("id", PhysicalType.Int64, Req),
        Leaf("flag", PhysicalType.Boolean),
        Leaf("i8", PhysicalType.Int32, logical: Int(8, true)),
        Leaf("i16", PhysicalType.Int32, logical: Int(16, true)),
        Leaf("i32", PhysicalType.Int32),
        Leaf("u8", PhysicalType.Int32, logical: Int(8, false)),
        Leaf("u32", PhysicalType.Int32, logical: Int(32, false)),
        Leaf("u64", PhysicalType.Int64, logical: Int(64, false)),
        Leaf("f32", PhysicalType.Float),
        Leaf("f64", PhysicalType.Double),
        Leaf("name", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
        Leaf("note", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
        Leaf("raw", PhysicalType.ByteArray),
        Leaf("js", PhysicalType.ByteArray, logical: L(LogicalTypeKind.Json)),
        Leaf("kind", PhysicalType.ByteArray, logical: L(LogicalTypeKind.Enum)),
        Leaf("dec9", PhysicalType.Int32, logical: Decimal(9, 2)),
        Leaf("dec18", PhysicalType.Int64, logical: Decimal(18, 2)),
        Leaf("dec38", PhysicalType.FixedLenByteArray, logical: Decimal(38, 10), length: 16),
        Leaf("decb", PhysicalType.ByteArray, logical: Decimal(20, 4)),
        Leaf("day", PhysicalType.Int32, logical: L(LogicalTypeKind.Date)),
        Leaf("t_ms", PhysicalType.Int32, logical: Time(TimeUnit.Millis, false)),
        Leaf("t_us", PhysicalType.Int64, logical: Time(TimeUnit.Micros, false)),
        Leaf("ts_utc", PhysicalType.Int64, logical: Timestamp(TimeUnit.Micros, true)),
        Leaf("ts_ms", PhysicalType.Int64, logical: Timestamp(TimeUnit.Millis, false)),
        Leaf("ts_ns", PhysicalType.Int64, logical: Timestamp(TimeUnit.Nanos, false)),
        Leaf("i96", PhysicalType.Int96),
        Leaf("uuid", PhysicalType.FixedLenByteArray, logical: L(LogicalTypeKind.Uuid), length: 16),
        Leaf("f16", PhysicalType.FixedLenByteArray, logical: L(LogicalTypeKind.Float16), length: 2),
        Leaf("grow", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
        Group("st", Opt, Leaf("a", PhysicalType.Int32), Leaf("b", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String))),
        List("li", Opt, Leaf("element", PhysicalType.Int32)),
        List("ls", Opt, Leaf("element", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String))),
        Map("mp", Opt, Leaf("key", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)), Leaf("value", PhysicalType.Int64)),
        List("deep", Opt,
            Group("element", Opt,
                Map("x", Opt, Leaf("key", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)),
                    List("value", Opt, Leaf("element", PhysicalType.Double))))),
        List("lst", Opt, Group("element", Opt, Leaf("a", PhysicalType.Int32), Leaf("b", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)))));

    /// <summary>Whether row <paramref name="i"/> holds nulls in its optional columns.</summary>
    public static bool IsNullRow(int i) => i % 7 == 3;

    // ----- the values of row i (null where the row is a null row) -----

    public static long Id(int i) => 1_000_000_000_000L + i;
    public static bool Flag(int i) => i % 3 == 0;
    public static int I8(int i) => (i % 256) - 128;
    public static int I16(int i) => i * 97 % 65536 - 32768;
    public static int I32(int i) => i * 1_000_003 - 50_000_000;
    public static int U8(int i) => i % 256;
    public static uint U32(int i) => 4_000_000_000u + (uint)i;
    public static ulong U64(int i) => 18_000_000_000_000_000_000UL + (ulong)i;
    public static float F32(int i) => i * 0.5f - 10;
    public static double F64(int i) => i * 1.25 - 100.5;
    public static string Name(int i) => $"name-{i % 5}";
    public static string Note(int i) => $"note {i} ünïcödé ✓";
    public static byte[] Raw(int i) => [(byte)i, 0, 0xFF, (byte)(i * 7)];
    public static string Js(int i) => $"{{\"n\":{i},\"a\":[1,2]}}";
    public static string Kind(int i) => i % 2 == 0 ? "EVEN" : "ODD";
    public static long Dec9Unscaled(int i) => i * 12345L - 100_000;            // scale 2
    public static long Dec18Unscaled(int i) => i * 98_765_432_101L - 5;        // scale 2
    public static BigInteger Dec38Unscaled(int i) => BigInteger.Parse("12345678901234567890123456") * (i - 150) + i;   // scale 10
    public static BigInteger DecbUnscaled(int i) => new BigInteger(i) * 1_000_003 - 7;   // scale 4
    public static DateOnly Day(int i) => new DateOnly(2020, 1, 1).AddDays(i * 3 - 400);
    public static int TimeMillis(int i) => (i * 3_723_001) % 86_400_000;
    public static long TimeMicros(int i) => (i * 3_723_000_123L) % 86_400_000_000L;
    public static long TsUtcMicros(int i) => 1_700_000_000_000_000L + i * 3_600_000_123L;
    public static long TsMillis(int i) => 1_600_000_000_000L + i * 86_400_001L;
    public static long TsNanos(int i) => 1_650_000_000_123_456_789L + i * 1_000_000_007L;
    /// <summary>20 distinct values (so INT96 gets a dictionary), whole microseconds.</summary>
    public static DateTime I96(int i) => new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddDays(i % 20).AddTicks(i % 20 * 10);
    public static Guid Uuid(int i) => new($"{i:x8}-0000-4000-8000-{i * 31:x12}");
    public static float F16(int i) => (i % 64) * 0.25f - 4;
    /// <summary>Few distinct values first, then ever new ones: with a small dictionary limit the chunk falls back mid-way.</summary>
    public static string Grow(int i) => i < 150 ? $"g{i % 3}" : $"grow-{i}";
    public static int? StA(int i) => i % 5 == 0 ? null : i;
    public static string StB(int i) => $"b{i % 3}";
    public static List<int?> Li(int i) => Enumerable.Range(0, i % 4).Select(k => k == 1 ? (int?)null : i + k).ToList();
    public static List<string?> Ls(int i) => Enumerable.Range(0, i % 3).Select(k => k == 2 ? null : $"s{i}-{k}").ToList();
    public static List<(string Key, long? Value)> Mp(int i) => Enumerable.Range(0, i % 3).Select(k => ($"k{k}", k == 1 ? (long?)null : (long)i * k)).ToList();
    /// <summary>deep: list of (null | struct { x: null | map of key → (null | list of double) }).</summary>
    public static List<List<(string Key, List<double>? Value)>?>? Deep(int i) =>
        i % 4 == 1 ? null : Enumerable.Range(0, i % 3).Select(e => e == 1 ? null : Enumerable.Range(0, (i + e) % 3).Select(k => ($"d{k}", k == 1 ? null : Enumerable.Range(0, k + 1).Select(v => i + v * 0.5).ToList())).ToList()).ToList();

    /// <summary>lst: list of (null | struct { a, b }), with null fields.</summary>
    public static List<(int? A, string? B)?> Lst(int i) =>
        Enumerable.Range(0, i % 4).Select(k => k == 2 ? null : ((int? A, string? B)?)(k == 1 ? null : i * 10 + k, k == 3 ? null : $"e{i}-{k}")).ToList();

    public static object?[] Record(int i)
    {
        bool n = IsNullRow(i);
        return
        [
            Id(i),
            n ? null : Flag(i),
            n ? null : I8(i),
            n ? null : I16(i),
            n ? null : I32(i),
            n ? null : U8(i),
            n ? null : unchecked((int)U32(i)),
            n ? null : unchecked((long)U64(i)),
            n ? null : F32(i),
            n ? null : F64(i),
            n ? null : Name(i),
            n ? null : Note(i),
            n ? null : Raw(i),
            n ? null : Js(i),
            n ? null : Kind(i),
            n ? null : (int)Dec9Unscaled(i),
            n ? null : Dec18Unscaled(i),
            n ? null : BigEndian(Dec38Unscaled(i), 16),
            n ? null : Dec38Bytes(DecbUnscaled(i)),
            n ? null : Day(i).DayNumber - DateOnly.FromDateTime(Epoch).DayNumber,
            n ? null : TimeMillis(i),
            n ? null : TimeMicros(i),
            n ? null : TsUtcMicros(i),
            n ? null : TsMillis(i),
            n ? null : TsNanos(i),
            n ? null : Int96(I96(i)),
            n ? null : Uuid(i).ToByteArray(bigEndian: true),
            n ? null : Half16(F16(i)),
            n ? null : Grow(i),
            n ? null : new object?[] { StA(i), StB(i) },
            n ? null : Li(i).Cast<object?>().ToList(),
            n ? null : Ls(i).Cast<object?>().ToList(),
            n ? null : Mp(i).Select(kv => (object?)new object?[] { kv.Key, kv.Value }).ToList(),
            n ? null : Deep(i)?.Select(e => (object?)(e is null ? null : new object?[]
            {
                e.Select(kv => (object?)new object?[] { kv.Key, kv.Value?.Cast<object?>().ToList() }).ToList(),
            })).ToList(),
            n ? null : Lst(i).Select(e => e is null ? null : (object?)new object?[] { e.Value.A, e.Value.B }).ToList(),
        ];
    }

    public static byte[] BigEndian(BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        var result = new byte[length];
        if (value.Sign < 0) result.AsSpan().Fill(0xFF);
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }

    private static byte[] Dec38Bytes(BigInteger value) => value.ToByteArray(isUnsigned: false, isBigEndian: true);

    private static byte[] Int96(DateTime utc)
    {
        long julianDay = (long)(utc.Date - new DateTime(1970, 1, 1)).TotalDays + 2_440_588;
        long nanos = (utc - utc.Date).Ticks * 100;
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, nanos);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), (int)julianDay);
        return bytes;
    }

    private static byte[] Half16(float f)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, BitConverter.HalfToUInt16Bits((Half)f));
        return b;
    }

    /// <summary>A decimal string with exactly <paramref name="scale"/> decimals.</summary>
    public static string DecimalText(BigInteger unscaled, int scale)
    {
        var sign = unscaled.Sign < 0 ? "-" : "";
        var digits = BigInteger.Abs(unscaled).ToString().PadLeft(scale + 1, '0');
        return scale == 0 ? sign + digits : $"{sign}{digits[..^scale]}.{digits[^scale..]}";
    }
}
