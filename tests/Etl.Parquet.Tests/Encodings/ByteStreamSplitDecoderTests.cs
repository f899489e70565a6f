using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class ByteStreamSplitDecoderTests
{
    [Fact]
    public void Decodes_the_spec_example()
    {
        // Three floats 0xDDCCBBAA-style: streams of byte 0, 1, 2, 3.
        byte[] data = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6];
        var destination = new byte[12];
        ByteStreamSplitDecoder.Decode(data, 3, 4, destination);
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6], destination);
    }

    [Fact]
    public void Matches_the_reference_for_every_width_and_count()
    {
        var random = new Random(16);
        for (int width = 1; width <= 20; width++)
        {
            foreach (int count in new[] { 0, 1, 2, 15, 16, 17, 31, 32, 33, 100, 1000, 1037 })
            {
                byte[] data = new byte[count * width + random.Next(0, 3)];
                random.NextBytes(data);
                var destination = new byte[count * width];
                ByteStreamSplitDecoder.Decode(data, count, width, destination);
                Assert.Equal(ReferenceDecoders.ByteStreamSplit(data, count, width), destination);
            }
        }
    }

    [Fact]
    public void Short_data_is_a_format_error_and_short_destination_an_argument_error()
    {
        Assert.Throws<ParquetFormatException>(() => ByteStreamSplitDecoder.Decode(new byte[7], 2, 4, new byte[8]));
        Assert.Throws<ArgumentException>(() => ByteStreamSplitDecoder.Decode(new byte[8], 2, 4, new byte[7]));
        DecoderAssert.RejectsCheaply(() => ByteStreamSplitDecoder.Decode(new byte[8], int.MaxValue, 8, new byte[8]));
    }
}
