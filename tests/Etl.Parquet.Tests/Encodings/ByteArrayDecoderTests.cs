using System.Text;
using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class ByteArrayDecoderTests
{
    private static string[] Strings(ByteArrayBuffer buffer, int from = 0)
    {
        var result = new string[buffer.Count - from];
        for (int i = from; i < buffer.Count; i++) result[i - from] = Encoding.UTF8.GetString(buffer[i]);
        return result;
    }

    private static byte[][] Values(ByteArrayBuffer buffer, int from = 0)
    {
        var result = new byte[buffer.Count - from][];
        for (int i = from; i < buffer.Count; i++) result[i - from] = buffer[i].ToArray();
        return result;
    }

    private static byte[] Plain(params string[] values)
    {
        var output = new List<byte>();
        foreach (var v in values)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(v);
            output.AddRange(BitConverter.GetBytes(bytes.Length));
            output.AddRange(bytes);
        }
        return output.ToArray();
    }

    private static byte[] DeltaLength(params byte[][] values)
    {
        byte[] lengths = TestStreams.EncodeDelta(values.Select(v => v.Length).ToArray());
        return [.. lengths, .. values.SelectMany(v => v)];
    }

    private static byte[] DeltaByteArray(params byte[][] values)
    {
        var prefixes = new int[values.Length];
        var suffixes = new byte[values.Length][];
        for (int i = 0; i < values.Length; i++)
        {
            byte[] previous = i == 0 ? [] : values[i - 1];
            int p = 0;
            while (p < previous.Length && p < values[i].Length && previous[p] == values[i][p]) p++;
            prefixes[i] = p;
            suffixes[i] = values[i][p..];
        }
        return [.. TestStreams.EncodeDelta(prefixes), .. DeltaLength(suffixes)];
    }

    private static byte[][] RandomValues(Random random, int count)
    {
        var values = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            // Often share a prefix with the previous value so front coding has something to do.
            int length = random.Next(5) == 0 ? random.Next(0, 300) : random.Next(0, 20);
            var value = new byte[length];
            random.NextBytes(value);
            if (i > 0 && random.Next(2) == 0)
            {
                int shared = Math.Min(length, random.Next(0, values[i - 1].Length + 1));
                values[i - 1].AsSpan(0, shared).CopyTo(value);
            }
            values[i] = value;
        }
        return values;
    }

    [Fact]
    public void Plain_reads_length_prefixed_values_and_reports_consumption()
    {
        var buffer = new ByteArrayBuffer(1, 1);
        buffer.Add("keep"u8);
        byte[] data = [.. Plain("a", "", "hello", "ünï"), 9, 9];
        Assert.Equal(data.Length - 2, PlainByteArrayDecoder.Decode(data, 4, buffer));
        Assert.Equal(["keep", "a", "", "hello", "ünï"], Strings(buffer));
    }

    [Fact]
    public void Plain_rejects_bad_lengths_and_truncation_at_every_cut()
    {
        byte[] data = Plain("abc", "", "defgh");
        for (int cut = 0; cut < data.Length; cut++)
        {
            byte[] cutData = data[..cut];
            Assert.Throws<ParquetFormatException>(() => PlainByteArrayDecoder.Decode(cutData, 3, new ByteArrayBuffer()));
        }
        Assert.Throws<ParquetFormatException>(() => PlainByteArrayDecoder.Decode([0xFF, 0xFF, 0xFF, 0xFF, 1, 2], 1, new ByteArrayBuffer()));
        Assert.Throws<ParquetFormatException>(() => PlainByteArrayDecoder.Decode([0x10, 0, 0, 0, 1, 2], 1, new ByteArrayBuffer()));
        DecoderAssert.RejectsCheaply(() => PlainByteArrayDecoder.Decode(new byte[16], int.MaxValue, new ByteArrayBuffer()));
    }

    [Fact]
    public void Delta_length_reads_lengths_then_concatenated_bytes()
    {
        var buffer = new ByteArrayBuffer(1, 1);
        buffer.Add("x"u8);
        byte[][] values = ["Hello"u8.ToArray(), "World"u8.ToArray(), "Foobar"u8.ToArray(), "ABCDEF"u8.ToArray()];
        byte[] data = [.. DeltaLength(values), 7, 7];
        Assert.Equal(data.Length - 2, DeltaLengthByteArrayDecoder.Decode(data, 4, buffer));
        Assert.Equal(["x", "Hello", "World", "Foobar", "ABCDEF"], Strings(buffer));
    }

    [Fact]
    public void Delta_length_rejects_negative_lengths_and_lengths_past_the_data()
    {
        byte[] negative = [.. TestStreams.EncodeDelta([3, -1, 2]), 1, 2, 3, 4, 5, 6];
        Assert.Throws<ParquetFormatException>(() => DeltaLengthByteArrayDecoder.Decode(negative, 3, new ByteArrayBuffer()));
        byte[] tooLong = [.. TestStreams.EncodeDelta([3, int.MaxValue, int.MaxValue]), 1, 2, 3];
        DecoderAssert.RejectsCheaply(() => DeltaLengthByteArrayDecoder.Decode(tooLong, 3, new ByteArrayBuffer()));
        byte[] data = DeltaLength("abc"u8.ToArray(), "de"u8.ToArray());
        for (int cut = 0; cut < data.Length; cut++)
        {
            byte[] cutData = data[..cut];
            Assert.Throws<ParquetFormatException>(() => DeltaLengthByteArrayDecoder.Decode(cutData, 2, new ByteArrayBuffer()));
        }
        Assert.Throws<ParquetFormatException>(() => DeltaLengthByteArrayDecoder.Decode(data, 3, new ByteArrayBuffer()));
    }

    [Fact]
    public void Delta_length_with_absurd_counts_does_not_reserve_them()
    {
        // The header claims 2^31 - 1 lengths but the bytes hold one block of them.
        var header = new List<byte>();
        TestStreams.Uleb(header, 128);
        TestStreams.Uleb(header, 4);
        TestStreams.Uleb(header, int.MaxValue);
        header.AddRange([0x00, 0x00, 0, 0, 0, 0]);
        DecoderAssert.RejectsCheaply(() => DeltaLengthByteArrayDecoder.Decode([.. header], 100_000_000, new ByteArrayBuffer()));
    }

    [Fact]
    public void Delta_byte_array_decodes_the_spec_example()
    {
        // axis, axle, babble, babyhood: prefixes 0 2 0 3, suffixes axis le babble yhood.
        byte[] data =
        [
            .. TestStreams.EncodeDelta([0, 2, 0, 3]),
            .. TestStreams.EncodeDelta([4, 2, 6, 5]),
            .. "axislebabbleyhood"u8,
            0xEE,
        ];
        var buffer = new ByteArrayBuffer(1, 1);
        Assert.Equal(data.Length - 1, DeltaByteArrayDecoder.Decode(data, 4, buffer));
        Assert.Equal(["axis", "axle", "babble", "babyhood"], Strings(buffer));
    }

    [Fact]
    public void Delta_byte_array_rejects_prefixes_longer_than_the_previous_value()
    {
        byte[] data = [.. TestStreams.EncodeDelta([0, 3]), .. TestStreams.EncodeDelta([2, 1]), .. "abc"u8];
        Assert.Throws<ParquetFormatException>(() => DeltaByteArrayDecoder.Decode(data, 2, new ByteArrayBuffer()));
        byte[] first = [.. TestStreams.EncodeDelta([1]), .. TestStreams.EncodeDelta([1]), .. "a"u8];
        Assert.Throws<ParquetFormatException>(() => DeltaByteArrayDecoder.Decode(first, 1, new ByteArrayBuffer()));
        byte[] negative = [.. TestStreams.EncodeDelta([0, -1]), .. TestStreams.EncodeDelta([1, 1]), .. "ab"u8];
        Assert.Throws<ParquetFormatException>(() => DeltaByteArrayDecoder.Decode(negative, 2, new ByteArrayBuffer()));
        byte[] negativeSuffix = [.. TestStreams.EncodeDelta([0, 0]), .. TestStreams.EncodeDelta([1, -1]), .. "ab"u8];
        Assert.Throws<ParquetFormatException>(() => DeltaByteArrayDecoder.Decode(negativeSuffix, 2, new ByteArrayBuffer()));
    }

    [Fact]
    public void Delta_byte_array_rejects_truncation_at_every_cut()
    {
        byte[] data = DeltaByteArray("axis"u8.ToArray(), "axle"u8.ToArray(), "babble"u8.ToArray(), "babyhood"u8.ToArray());
        for (int cut = 0; cut < data.Length; cut++)
        {
            byte[] cutData = data[..cut];
            Assert.Throws<ParquetFormatException>(() => DeltaByteArrayDecoder.Decode(cutData, 4, new ByteArrayBuffer()));
        }
    }

    [Fact]
    public void All_three_match_the_reference_on_random_values()
    {
        var random = new Random(31337);
        var buffer = new ByteArrayBuffer(4, 16);
        for (int round = 0; round < 200; round++)
        {
            int count = random.Next(0, 600);
            byte[][] values = RandomValues(random, count);
            byte[] tail = random.Next(2) == 0 ? [] : [1, 2, 3];
            if (random.Next(3) == 0) buffer.Clear();
            int before = buffer.Count;

            byte[] plain = [.. Plain(values.Select(v => Encoding.Latin1.GetString(v)).ToArray()), .. tail];
            if (values.All(v => v.All(b => b < 0x80)))
            {
                Assert.Equal(plain.Length - tail.Length, PlainByteArrayDecoder.Decode(plain, count, buffer));
                Assert.Equal(values, Values(buffer, before));
                before = buffer.Count;
            }

            byte[] deltaLength = [.. DeltaLength(values), .. tail];
            var (expectedLength, endLength) = ReferenceDecoders.DeltaLengthByteArray(deltaLength, count);
            Assert.Equal(endLength, DeltaLengthByteArrayDecoder.Decode(deltaLength, count, buffer));
            Assert.Equal(expectedLength, Values(buffer, before));
            Assert.Equal(values, expectedLength);
            before = buffer.Count;

            byte[] delta = [.. DeltaByteArray(values), .. tail];
            var (expectedDelta, endDelta) = ReferenceDecoders.DeltaByteArray(delta, count);
            Assert.Equal(endDelta, DeltaByteArrayDecoder.Decode(delta, count, buffer));
            Assert.Equal(expectedDelta, Values(buffer, before));
            Assert.Equal(values, expectedDelta);
        }
    }

    [Fact]
    public void Delta_decoders_agree_with_the_reference_on_corrupted_input()
    {
        var random = new Random(4242);
        for (int round = 0; round < 400; round++)
        {
            int count = random.Next(0, 300);
            byte[][] values = RandomValues(random, count);
            byte[] data = random.Next(2) == 0 ? DeltaLength(values) : DeltaByteArray(values);
            for (int flips = random.Next(1, 4); flips > 0 && data.Length > 0; flips--)
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            DecoderAssert.SameOutcome(
                () => ReferenceDecoders.DeltaLengthByteArray(data, count),
                () => { var b = new ByteArrayBuffer(); int end = DeltaLengthByteArrayDecoder.Decode(data, count, b); return (Values(b), end); },
                (e, a) => { Assert.Equal(e.Item1, a.Item1); Assert.Equal(e.Item2, a.Item2); });
            DecoderAssert.SameOutcome(
                () => ReferenceDecoders.DeltaByteArray(data, count),
                () => { var b = new ByteArrayBuffer(); int end = DeltaByteArrayDecoder.Decode(data, count, b); return (Values(b), end); },
                (e, a) => { Assert.Equal(e.Item1, a.Item1); Assert.Equal(e.Item2, a.Item2); });
        }
    }
}
