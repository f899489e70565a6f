using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class BitPackedLevelDecoderTests
{
    private static int[] Decode(byte[] data, int bitWidth, int count)
    {
        var result = new int[count];
        BitPackedLevelDecoder.Decode(data, bitWidth, result);
        return result;
    }

    [Fact]
    public void Decodes_the_spec_example()
    {
        // 0..7 at width 3, MSB-first: 00000101 00111001 01110111.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Decode([0x05, 0x39, 0x77], 3, 8));
    }

    [Fact]
    public void Matches_the_reference_on_random_input()
    {
        var random = new Random(5);
        for (int round = 0; round < 2000; round++)
        {
            int width = round % 33;
            int count = random.Next(0, 200);
            byte[] data = new byte[((long)count * width + 7) / 8 + random.Next(0, 3)];
            random.NextBytes(data);
            Assert.Equal(ReferenceDecoders.BitPackedMsbFirst(data, width, count), Decode(data, width, count));
        }
    }

    [Fact]
    public void Short_data_and_bad_widths_are_rejected()
    {
        Assert.Throws<ParquetFormatException>(() => Decode([0x05, 0x39], 3, 8));
        Assert.Throws<ParquetFormatException>(() => Decode([0x05], 33, 1));
        Assert.Throws<ParquetFormatException>(() => Decode([0x05], -1, 1));
        Assert.Equal([0, 0], Decode([], 0, 2));
    }
}
