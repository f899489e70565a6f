using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class PlainBooleanDecoderTests
{
    [Fact]
    public void Reads_bits_least_significant_first()
    {
        var destination = new bool[10];
        PlainBooleanDecoder.Decode([0b1000_0101, 0b0000_0010], destination);
        Assert.Equal([true, false, true, false, false, false, false, true, false, true], destination);
    }

    [Fact]
    public void Matches_the_reference_on_random_input()
    {
        var random = new Random(3);
        for (int round = 0; round < 1000; round++)
        {
            int count = random.Next(0, 300);
            byte[] data = new byte[(count + 7) / 8 + random.Next(0, 2)];
            random.NextBytes(data);
            var destination = new bool[count];
            PlainBooleanDecoder.Decode(data, destination);
            Assert.Equal(ReferenceDecoders.PlainBoolean(data, count), destination);
        }
    }

    [Fact]
    public void Short_data_is_rejected()
    {
        Assert.Throws<ParquetFormatException>(() => PlainBooleanDecoder.Decode([0xFF], new bool[9]));
        PlainBooleanDecoder.Decode([], new bool[0]);
    }
}
