using System.Buffers;
using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class EncoderRoundTripTests
{
    private static int[] RandomLevels(Random random, int count, int bitWidth)
    {
        // Runs of random length, some long, some single values, so both run kinds and their seams show up.
        var values = new int[count];
        int max = bitWidth == 0 ? 0 : (int)Math.Min(int.MaxValue, (1L << bitWidth) - 1);
        for (int i = 0; i < count;)
        {
            int run = random.Next(3) switch { 0 => 1, 1 => random.Next(1, 12), _ => random.Next(1, 200) };
            int value = bitWidth == 32 && random.Next(2) == 0 ? -random.Next() : random.Next(0, max) + (random.Next(2) == 0 ? 0 : max == 0 ? 0 : 1);
            if (bitWidth < 32 && (uint)value > (uint)max) value = max;
            for (int k = 0; k < run && i < count; k++) values[i++] = value;
        }
        return values;
    }

    [Fact]
    public void Bit_packer_inverts_the_unpacker_for_every_width()
    {
        var random = new Random(1);
        for (int width = 0; width <= 64; width++)
        {
            for (int count = 0; count < 80; count += random.Next(1, 9))
            {
                var values = new ulong[count];
                var writer = new TestStreams.LsbBitWriter();
                for (int i = 0; i < count; i++)
                {
                    values[i] = TestStreams.NextBits(random, width);
                    writer.Write(values[i], width);
                }
                var packed = new byte[BitUnpacker.PackedLength(count, width)];
                Assert.Equal(packed.Length, BitPacker.Pack(values, width, packed));
                Assert.Equal(writer.ToArray(), packed);
                if (width <= 32)
                {
                    var packed32 = new byte[packed.Length];
                    BitPacker.Pack(values.Select(v => (uint)v).ToArray(), width, packed32);
                    Assert.Equal(packed, packed32);
                }
            }
        }
    }

    [Fact]
    public void Hybrid_encoder_writes_the_spec_example_and_rle_runs()
    {
        var output = new ArrayBufferWriter<byte>();
        RleBitPackedHybridEncoder.Encode([0, 1, 2, 3, 4, 5, 6, 7], 3, output);
        Assert.Equal([0x03, 0x88, 0xC6, 0xFA], output.WrittenSpan.ToArray());

        output.ResetWrittenCount();
        RleBitPackedHybridEncoder.Encode(Enumerable.Repeat(1, 1000).ToArray(), 1, output);
        Assert.Equal([0xD0, 0x0F, 0x01], output.WrittenSpan.ToArray());

        // 3 singles, then 12 repeats: the singles borrow 5 repeats to fill a group, the other 7 are too few for RLE.
        output.ResetWrittenCount();
        RleBitPackedHybridEncoder.Encode([1, 2, 3, .. Enumerable.Repeat(0, 12)], 2, output);
        Assert.Equal(0x05, output.WrittenSpan[0]);
        // ... but with 13 repeats after 3 singles, 8 remain for an RLE run.
        output.ResetWrittenCount();
        RleBitPackedHybridEncoder.Encode([1, 2, 3, .. Enumerable.Repeat(0, 13)], 2, output);
        Assert.Equal([0x03, 0b11_10_01, 0, 0x10, 0x00], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Hybrid_encoder_rejects_values_wider_than_the_width()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => RleBitPackedHybridEncoder.Encode([1, 4], 2, output));
        Assert.Throws<ArgumentException>(() => RleBitPackedHybridEncoder.Encode([-1], 31, output));
        Assert.ThrowsAny<ArgumentException>(() => RleBitPackedHybridEncoder.Encode([1], 33, output));
    }

    [Fact]
    public void Hybrid_round_trips_random_levels_at_every_width()
    {
        var random = new Random(2024);
        var output = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 2000; round++)
        {
            int width = round % 33;
            int count = random.Next(0, round % 10 == 0 ? 20_000 : 600);
            int[] values = RandomLevels(random, count, width);
            output.ResetWrittenCount();
            RleBitPackedHybridEncoder.Encode(values, width, output);
            byte[] encoded = output.WrittenSpan.ToArray();
            var decoded = new int[count];
            RleBitPackedHybridDecoder.Decode(encoded, width, decoded);
            Assert.Equal(values, decoded);
            Assert.Equal(values, ReferenceDecoders.RleHybrid(encoded, width, count));
        }
    }

    [Fact]
    public void Delta_encoder_matches_the_straightforward_encoder_byte_for_byte()
    {
        var output = new ArrayBufferWriter<byte>();
        DeltaBinaryPackedEncoder.EncodeInt32([1, 2, 3, 4, 5], output);
        Assert.Equal([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00], output.WrittenSpan.ToArray());

        var random = new Random(3);
        for (int round = 0; round < 300; round++)
        {
            int count = random.Next(0, 700);
            int[] ints = Enumerable.Range(0, count).Select(_ => random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-100, 100)).ToArray();
            output.ResetWrittenCount();
            DeltaBinaryPackedEncoder.EncodeInt32(ints, output);
            Assert.Equal(TestStreams.EncodeDelta(ints), output.WrittenSpan.ToArray());

            long[] longs = ints.Select(v => (long)v * random.Next(1, 1 << 30)).ToArray();
            output.ResetWrittenCount();
            DeltaBinaryPackedEncoder.EncodeInt64(longs, output);
            Assert.Equal(TestStreams.EncodeDelta(longs), output.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Delta_round_trips_random_values_including_extremes()
    {
        var random = new Random(4);
        var output = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 1000; round++)
        {
            int count = random.Next(0, round % 20 == 0 ? 10_000 : 400);
            int bits = random.Next(0, 65);
            var longs = new long[count];
            for (int i = 0; i < count; i++)
            {
                longs[i] = random.Next(8) switch
                {
                    0 => long.MinValue,
                    1 => long.MaxValue,
                    2 => i > 0 ? longs[i - 1] : 0,
                    _ => (long)TestStreams.NextBits(random, bits),
                };
            }
            output.ResetWrittenCount();
            DeltaBinaryPackedEncoder.EncodeInt64(longs, output);
            byte[] encoded = output.WrittenSpan.ToArray();
            var decoded = new long[count];
            Assert.Equal(encoded.Length, DeltaBinaryPackedDecoder.DecodeInt64(encoded, decoded));
            Assert.Equal(longs, decoded);
            Assert.Equal(longs, ReferenceDecoders.DeltaBinaryPacked(encoded).Values);

            int[] ints = longs.Select(v => (int)v).ToArray();
            output.ResetWrittenCount();
            DeltaBinaryPackedEncoder.EncodeInt32(ints, output);
            encoded = output.WrittenSpan.ToArray();
            var decoded32 = new int[count];
            Assert.Equal(encoded.Length, DeltaBinaryPackedDecoder.DecodeInt32(encoded, decoded32));
            Assert.Equal(ints, decoded32);
        }
    }

    [Fact]
    public void Byte_stream_split_round_trips_every_width()
    {
        var random = new Random(5);
        var output = new ArrayBufferWriter<byte>();
        for (int width = 1; width <= 20; width++)
        {
            foreach (int count in new[] { 0, 1, 15, 16, 17, 33, 100, 1001 })
            {
                byte[] values = new byte[count * width];
                random.NextBytes(values);
                var split = new byte[values.Length];
                ByteStreamSplitEncoder.Encode(values, width, split);
                for (int i = 0; i < count; i++)
                    for (int k = 0; k < width; k++)
                        Assert.Equal(values[i * width + k], split[k * count + i]);
                var back = new byte[values.Length];
                ByteStreamSplitDecoder.Decode(split, count, width, back);
                Assert.Equal(values, back);

                output.ResetWrittenCount();
                ByteStreamSplitEncoder.Encode(values, width, output);
                Assert.Equal(split, output.WrittenSpan.ToArray());
            }
        }
        Assert.Throws<ArgumentException>(() => ByteStreamSplitEncoder.Encode(new byte[7], 4, new byte[8]));
    }

    [Fact]
    public void Plain_booleans_round_trip_with_zero_padding()
    {
        var random = new Random(6);
        var output = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 500; round++)
        {
            bool[] values = Enumerable.Range(0, random.Next(0, 300)).Select(_ => random.Next(2) == 0).ToArray();
            output.ResetWrittenCount();
            PlainBooleanEncoder.Encode(values, output);
            byte[] encoded = output.WrittenSpan.ToArray();
            Assert.Equal((values.Length + 7) / 8, encoded.Length);
            Assert.Equal(values, ReferenceDecoders.PlainBoolean(encoded, values.Length));
            if (values.Length % 8 != 0) Assert.Equal(0, encoded[^1] >> (values.Length % 8));
        }
    }

    [Fact]
    public void Plain_byte_arrays_round_trip()
    {
        var random = new Random(7);
        var source = new ByteArrayBuffer();
        for (int i = 0; i < 2000; i++)
        {
            var value = new byte[random.Next(5) == 0 ? random.Next(0, 100) : random.Next(0, 18)];
            random.NextBytes(value);
            source.Add(value);
        }
        var output = new ArrayBufferWriter<byte>();
        PlainByteArrayEncoder.Encode(source, output);
        var decoded = new ByteArrayBuffer();
        Assert.Equal(output.WrittenCount, PlainByteArrayDecoder.Decode(output.WrittenSpan, source.Count, decoded));
        for (int i = 0; i < source.Count; i++) Assert.True(source[i].SequenceEqual(decoded[i]));

        output.ResetWrittenCount();
        PlainByteArrayEncoder.Encode(source, 10, 5, output);
        decoded.Clear();
        PlainByteArrayDecoder.Decode(output.WrittenSpan, 5, decoded);
        for (int i = 0; i < 5; i++) Assert.True(source[10 + i].SequenceEqual(decoded[i]));
    }
}
