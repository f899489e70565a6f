using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Etl.Parquet.File;
using Etl.Parquet.Schema;

namespace Etl.Core.Convert;

/// <summary>
/// Writes one non-null Parquet value as JSON, following ../shared/spec/parquet-json.md. One switch on the
/// column's resolved <see cref="ValueKind"/>; every case formats straight into the output buffer.
/// </summary>
internal static class JsonValueWriter
{
    private const int Int96JulianEpoch = 2_440_588;

    public static void Write(ColumnBatch batch, int index, JsonBuffer output)
    {
        var column = batch.Column;
        switch (column.Kind)
        {
            case ValueKind.Boolean:
                output.Write(batch.Booleans[index] ? "true"u8 : "false"u8);
                break;
            case ValueKind.Int32:
                WriteInteger(batch.Int32s[index], output);
                break;
            case ValueKind.UInt32:
                WriteInteger((uint)batch.Int32s[index], output);
                break;
            case ValueKind.Int64:
                WriteInteger(batch.Int64s[index], output);
                break;
            case ValueKind.UInt64:
                WriteInteger((ulong)batch.Int64s[index], output);
                break;
            case ValueKind.Float:
                WriteFloat(batch.Floats[index], output);
                break;
            case ValueKind.Double:
                WriteDouble(batch.Doubles[index], output);
                break;
            case ValueKind.Float16:
                WriteHalf(BinaryPrimitives.ReadHalfLittleEndian(batch.FixedValue(index)), output);
                break;
            case ValueKind.Decimal:
                WriteDecimal(batch, index, output);
                break;
            case ValueKind.String:
                JsonText.WriteString(output, Bytes(batch, index));
                break;
            case ValueKind.Json:
                WriteEmbeddedJson(Bytes(batch, index), output);
                break;
            case ValueKind.Uuid:
                WriteUuid(batch.FixedValue(index), output);
                break;
            case ValueKind.Date:
                WriteQuoted(output, TemporalText.FormatDate(batch.Int32s[index], Scratch(output)));
                break;
            case ValueKind.TimeMillis:
                WriteQuoted(output, TemporalText.FormatTime(batch.Int32s[index], 3, Scratch(output)));
                break;
            case ValueKind.TimeMicros:
                WriteQuoted(output, TemporalText.FormatTime(batch.Int64s[index], 6, Scratch(output)));
                break;
            case ValueKind.TimeNanos:
                WriteQuoted(output, TemporalText.FormatTime(batch.Int64s[index], 9, Scratch(output)));
                break;
            case ValueKind.TimestampMillis:
                WriteTimestamp(batch.Int64s[index], 3, column.IsAdjustedToUtc, output);
                break;
            case ValueKind.TimestampMicros:
                WriteTimestamp(batch.Int64s[index], 6, column.IsAdjustedToUtc, output);
                break;
            case ValueKind.TimestampNanos:
                WriteTimestamp(batch.Int64s[index], 9, column.IsAdjustedToUtc, output);
                break;
            case ValueKind.Int96Timestamp:
                WriteInt96(batch.FixedValue(index), output);
                break;
            case ValueKind.Interval:
                WriteInterval(batch.FixedValue(index), output);
                break;
            case ValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                JsonText.WriteBase64(output, Bytes(batch, index));
                break;
        }
    }

    /// <summary>The raw bytes of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value.</summary>
    public static ReadOnlySpan<byte> Bytes(ColumnBatch batch, int index) =>
        batch.Column.PhysicalType == Etl.Parquet.Meta.PhysicalType.ByteArray ? batch.ByteArrays[index] : batch.FixedValue(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WriteInteger<T>(T value, JsonBuffer output) where T : IUtf8SpanFormattable
    {
        value.TryFormat(output.GetSpan(24), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    internal static void WriteDouble(double value, JsonBuffer output)
    {
        if (!double.IsFinite(value))
        {
            WriteNonFinite(double.IsNaN(value), value > 0, output);
            return;
        }
        output.Advance(NumberText.FormatDouble(value, output.GetSpan(32)));
    }

    private static void WriteFloat(float value, JsonBuffer output)
    {
        if (!float.IsFinite(value))
        {
            WriteNonFinite(float.IsNaN(value), value > 0, output);
            return;
        }
        value.TryFormat(output.GetSpan(32), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteHalf(Half value, JsonBuffer output)
    {
        if (!Half.IsFinite(value))
        {
            WriteNonFinite(Half.IsNaN(value), value > Half.Zero, output);
            return;
        }
        value.TryFormat(output.GetSpan(32), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteNonFinite(bool nan, bool positive, JsonBuffer output) =>
        output.Write(nan ? "\"NaN\""u8 : positive ? "\"Infinity\""u8 : "\"-Infinity\""u8);

    internal static void WriteTimestamp(long value, int digits, bool utc, JsonBuffer output)
    {
        var span = output.GetSpan(64);
        span[0] = (byte)'"';
        var length = 1 + TemporalText.FormatTimestamp(value, digits, span[1..]);
        if (utc) span[length++] = (byte)'Z';
        span[length++] = (byte)'"';
        output.Advance(length);
    }

    private static void WriteInt96(ReadOnlySpan<byte> bytes, JsonBuffer output)
    {
        var nanosOfDay = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        long days = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) - Int96JulianEpoch;
        // Writers sometimes leave the time of day outside 0..24h; carry it into the day count.
        days += Math.DivRem(nanosOfDay, TemporalText.NanosPerDay, out var ofDay);
        if (ofDay < 0)
        {
            ofDay += TemporalText.NanosPerDay;
            days--;
        }
        // Spark converts its int64 microseconds to INT96 with wrapping arithmetic, so timestamps near the end
        // of that range arrive wrapped. No writer holds instants beyond int64 microseconds, so such a value
        // is wrapped back into that range — which recovers what Spark was given (apache/parquet-testing
        // int96_from_spark.parquet: +290000-12-30T23:00:00Z).
        const long microsPerDay = 86_400_000_000;
        var micros = (Int128)days * microsPerDay + ofDay / 1000;
        if (micros < long.MinValue || micros > long.MaxValue)
        {
            var wrapped = unchecked((long)micros);
            days = Math.DivRem(wrapped, microsPerDay, out var microsOfDay);
            if (microsOfDay < 0)
            {
                microsOfDay += microsPerDay;
                days--;
            }
            ofDay = microsOfDay * 1000 + ofDay % 1000;
        }
        var span = output.GetSpan(64);
        span[0] = (byte)'"';
        var length = 1 + TemporalText.FormatTimestamp(days, ofDay, 9, span[1..]);
        span[length++] = (byte)'Z';
        span[length++] = (byte)'"';
        output.Advance(length);
    }

    private static void WriteInterval(ReadOnlySpan<byte> bytes, JsonBuffer output)
    {
        output.Write("{\"months\":"u8);
        WriteInteger(BinaryPrimitives.ReadUInt32LittleEndian(bytes), output);
        output.Write(",\"days\":"u8);
        WriteInteger(BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]), output);
        output.Write(",\"millis\":"u8);
        WriteInteger(BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]), output);
        output.Write((byte)'}');
    }

    private static void WriteUuid(ReadOnlySpan<byte> bytes, JsonBuffer output)
    {
        var span = output.GetSpan(38);
        span[0] = (byte)'"';
        var pos = 1;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10) span[pos++] = (byte)'-';
            span[pos++] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            span[pos++] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }
        span[pos++] = (byte)'"';
        output.Advance(pos);
    }

    private static void WriteDecimal(ColumnBatch batch, int index, JsonBuffer output)
    {
        var scale = batch.Column.Scale;
        switch (batch.Column.PhysicalType)
        {
            case Etl.Parquet.Meta.PhysicalType.Int32:
                WriteScaled(batch.Int32s[index], scale, output);
                return;
            case Etl.Parquet.Meta.PhysicalType.Int64:
                WriteScaled(batch.Int64s[index], scale, output);
                return;
        }
        var bytes = Bytes(batch, index);
        if (bytes.Length <= 16)
        {
            // Big-endian two's complement, sign-extended from however many bytes the writer used.
            Int128 value = bytes.Length > 0 && (sbyte)bytes[0] < 0 ? Int128.NegativeOne : Int128.Zero;
            for (var i = 0; i < bytes.Length; i++) value = (value << 8) | bytes[i];
            WriteScaled(value, scale, output);
            return;
        }
        var big = new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
        var digits = System.Text.Encoding.ASCII.GetBytes(BigInteger.Abs(big).ToString(CultureInfo.InvariantCulture));
        output.Advance(NumberText.WriteScaledDigits(big.Sign < 0, digits, scale, output.GetSpan(digits.Length + scale + 4)));
    }

    private static void WriteScaled(long value, int scale, JsonBuffer output)
    {
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        output.Advance(NumberText.WriteScaled(value < 0, magnitude, scale, output.GetSpan(scale + 24)));
    }

    private static void WriteScaled(Int128 value, int scale, JsonBuffer output)
    {
        Span<byte> digits = stackalloc byte[48];
        var negative = value < 0;
        var magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        magnitude.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        output.Advance(NumberText.WriteScaledDigits(negative, digits[..count], scale, output.GetSpan(count + scale + 4)));
    }

    private static void WriteEmbeddedJson(ReadOnlySpan<byte> utf8, JsonBuffer output)
    {
        // Re-serialized rather than copied: the stored text may be pretty-printed (breaking NDJSON's one line
        // per row) or not JSON at all, in which case it is kept as a string.
        var buffer = new ArrayBufferWriter<byte>(utf8.Length + 16);
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
            using (var document = JsonDocument.ParseValue(ref reader))
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                if (reader.Read()) throw new JsonException("trailing data");
                document.WriteTo(writer);
            }
            output.Write(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, or JSON the serializer refuses to re-emit (a lone surrogate escape): keep the text.
            JsonText.WriteString(output, utf8);
        }
    }

    private static Span<byte> Scratch(JsonBuffer output) => output.GetSpan(66)[1..];

    private static void WriteQuoted(JsonBuffer output, int length)
    {
        // The value was formatted one byte into the spare capacity; add the quotes around it.
        var span = output.GetSpan(length + 2);
        span[0] = (byte)'"';
        span[length + 1] = (byte)'"';
        output.Advance(length + 2);
    }
}
