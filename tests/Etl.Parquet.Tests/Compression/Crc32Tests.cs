using System.Text;
using Etl.Parquet.File;

namespace Etl.Parquet.Tests.Compression;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("abc", 0x352441C2u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_check_values(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Agrees_with_zlib_on_every_short_length_and_alignment()
    {
        byte[] data = Samples.RandomBytes(4096 + 64, 11);
        for (int offset = 0; offset < 16; offset++)
        {
            for (int length = 0; length <= 600; length++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
                uint expected = ZlibReference.Crc32(0, slice);
                Assert.Equal(expected, Crc32.Compute(slice));
                Assert.Equal(expected, Crc32.AppendScalar(0, slice));
            }
        }
    }

    [Fact]
    public void Agrees_with_zlib_on_large_random_inputs()
    {
        var random = new Random(12);
        for (int i = 0; i < 50; i++)
        {
            byte[] data = Samples.RandomBytes(random.Next(1, 3_000_000), i);
            Assert.Equal(ZlibReference.Crc32(0, data), Crc32.Compute(data));
        }
        byte[] zeros = new byte[1 << 20];
        Assert.Equal(ZlibReference.Crc32(0, zeros), Crc32.Compute(zeros));
    }

    [Fact]
    public void Appending_in_pieces_equals_one_pass()
    {
        byte[] data = Samples.Mixed(100_000, 13);
        var random = new Random(14);
        for (int i = 0; i < 200; i++)
        {
            int cut = random.Next(data.Length + 1);
            uint crc = Crc32.Append(Crc32.Compute(data.AsSpan(0, cut)), data.AsSpan(cut));
            Assert.Equal(Crc32.Compute(data), crc);
            Assert.Equal(ZlibReference.Crc32(ZlibReference.Crc32(0, data.AsSpan(0, cut)), data.AsSpan(cut)), crc);
        }
    }
}
