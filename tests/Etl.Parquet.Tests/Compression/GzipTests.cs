using System.IO.Compression;
using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class GzipTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_gzip_zlib_and_raw_deflate(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Gzip, Deflate(original, s => new GZipStream(s, CompressionLevel.Optimal)), length));
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Gzip, Deflate(original, s => new ZLibStream(s, CompressionLevel.SmallestSize)), length));
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Gzip, Deflate(original, s => new DeflateStream(s, CompressionLevel.Fastest)), length));
    }

    [Fact]
    public void Several_concatenated_gzip_members_decode_as_one_page()
    {
        byte[] original = Samples.Mixed(500_000, 5);
        int[] cuts = [0, 1, 100_000, 100_000, 250_000, 499_999, 500_000];
        var page = new List<byte>();
        for (int i = 0; i + 1 < cuts.Length; i++)
        {
            page.AddRange(Deflate(original[cuts[i]..cuts[i + 1]], s => new GZipStream(s, CompressionLevel.Fastest)));
        }
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Gzip, page.ToArray(), original.Length));
    }

    [Fact]
    public void Raw_deflate_that_happens_to_look_like_a_zlib_header_still_decodes()
    {
        // A stored block with non-zero padding bits whose first two bytes pass the zlib header check (0x081D % 31 == 0);
        // read as zlib it is garbage, so the codec must fall back to raw deflate.
        byte[] payload = Samples.Text(29, 1);
        byte[] page = [0x08, 29, 0, 0xE2, 0xFF, .. payload, 0x01, 0x00, 0x00, 0xFF, 0xFF];
        Assert.Equal(payload, GuardedPage.Decompress(CompressionCodec.Gzip, page, payload.Length));
    }

    [Fact]
    public void Declared_sizes_that_do_not_match_are_rejected()
    {
        byte[] original = Samples.Text(12, 1);
        byte[] page = Deflate(original, s => new GZipStream(s, CompressionLevel.Optimal));
        Assert.Equal("GZIP data decompressed to 12 bytes, the page header declares 13", GuardedPage.Rejects(CompressionCodec.Gzip, page, 13).Message);
        Assert.Equal("GZIP data decompresses to more than the 11 bytes the page header declares", GuardedPage.Rejects(CompressionCodec.Gzip, page, 11).Message);
        Assert.Equal("GZIP data decompresses to more than the 0 bytes the page header declares", GuardedPage.Rejects(CompressionCodec.Gzip, page, 0).Message);
        Assert.Equal("GZIP data is empty, the page header declares 12 bytes", GuardedPage.Rejects(CompressionCodec.Gzip, [], 12).Message);
    }

    [Fact]
    public void A_damaged_checksum_is_rejected()
    {
        byte[] original = Samples.Text(1000, 1);
        byte[] page = Deflate(original, s => new GZipStream(s, CompressionLevel.Optimal));
        page[^6] ^= 1;  // inside the CRC-32 trailer
        Assert.StartsWith("GZIP data is corrupt", GuardedPage.Rejects(CompressionCodec.Gzip, page, 1000).Message);
    }

    [Fact]
    public void A_truncated_member_is_rejected()
    {
        byte[] original = Samples.RandomBytes(5000, 1);
        byte[] page = Deflate(original, s => new GZipStream(s, CompressionLevel.Optimal));
        GuardedPage.Rejects(CompressionCodec.Gzip, page.AsSpan(0, page.Length / 2), 5000);
    }

    internal static byte[] Deflate(byte[] data, Func<Stream, Stream> wrap)
    {
        using var buffer = new MemoryStream();
        using (Stream deflater = wrap(buffer))
        {
            deflater.Write(data);
        }
        return buffer.ToArray();
    }
}
