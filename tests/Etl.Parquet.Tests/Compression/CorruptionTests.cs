using System.IO.Compression;
using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

/// <summary>
/// Damaged pages (bit flips, truncation, splices, wrong declared sizes, noise) must either decode or raise
/// <see cref="ParquetFormatException"/>: no other exception, no write outside the output, no hang.
/// </summary>
public class CorruptionTests
{
    private const int CasesPerCodec = 4000;
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(CompressionCodec.Uncompressed)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Brotli)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    [InlineData(CompressionCodec.Lz4Raw)]
    public async Task Damaged_pages_decode_or_raise_ParquetFormatException(CompressionCodec codec)
    {
        List<(byte[] Original, byte[] Compressed)> samples = Compressed(codec);
        var failures = new List<string>();
        int rejected = 0;

        Task work = Task.Run(() =>
        {
            var random = new Random(1_000 + (int)codec);
            for (int i = 0; i < CasesPerCodec; i++)
            {
                (byte[] original, byte[] compressed) = samples[random.Next(samples.Count)];
                (byte[] damaged, int declared, string how) = Damage(random, original, compressed);
                try
                {
                    byte[] decoded = GuardedPage.Decompress(codec, damaged, declared);
                    if (damaged.AsSpan().SequenceEqual(compressed) && declared == original.Length && !decoded.AsSpan().SequenceEqual(original))
                    {
                        failures.Add($"case {i} ({how}): intact page decoded wrongly");
                    }
                }
                catch (ParquetFormatException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    failures.Add($"case {i} ({how}): {e.GetType().Name}: {e.Message}");
                }
            }
        });

        Task first = await Task.WhenAny(work, Task.Delay(HangLimit));
        Assert.True(first == work, $"{codec}: decoding damaged pages did not finish in {HangLimit}");
        await work;
        Assert.True(failures.Count == 0, $"{codec}: {failures.Count} failures, first: {string.Join("\n", failures.Take(5))}");
        Assert.True(rejected > CasesPerCodec / 4, $"{codec}: only {rejected} of {CasesPerCodec} damaged pages were rejected");
    }

    private static (byte[] Damaged, int Declared, string How) Damage(Random random, byte[] original, byte[] compressed)
    {
        byte[] damaged = compressed.ToArray();
        int declared = original.Length;
        switch (random.Next(10))
        {
            case 0:
                FlipBits(random, damaged, 1);
                return (damaged, declared, "one bit flipped");
            case 1:
                FlipBits(random, damaged, random.Next(2, 9));
                return (damaged, declared, "bits flipped");
            case 2:
                return (damaged[..random.Next(damaged.Length + 1)], declared, "truncated");
            case 3:
                FlipBits(random, damaged, random.Next(1, 4));
                return (damaged[..random.Next(damaged.Length + 1)], declared, "bits flipped and truncated");
            case 4:
                if (damaged.Length > 0) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                return (damaged, declared, "byte overwritten");
            case 5:
                {
                    int at = random.Next(damaged.Length + 1);
                    return ([.. damaged[..at], (byte)random.Next(256), .. damaged[at..]], declared, "byte inserted");
                }
            case 6:
                {
                    int at = random.Next(damaged.Length + 1);
                    int count = random.Next(damaged.Length - at + 1);
                    return ([.. damaged[..at], .. damaged[(at + count)..]], declared, "range deleted");
                }
            case 7:
                declared = random.Next(3) switch
                {
                    0 => Math.Max(0, declared + random.Next(-3, 4)),
                    1 => random.Next(declared * 2 + 2),
                    _ => random.Next(0, 64),
                };
                return (damaged, declared, "declared size changed");
            case 8:
                {
                    byte[] noise = new byte[random.Next(0, 300)];
                    random.NextBytes(noise);
                    return (noise, random.Next(0, 2000), "noise");
                }
            default:
                return ([.. damaged, .. damaged], declared, "page doubled");
        }
    }

    private static void FlipBits(Random random, byte[] data, int count)
    {
        if (data.Length == 0) return;
        for (int i = 0; i < count; i++) data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
    }

    private static List<(byte[], byte[])> Compressed(CompressionCodec codec)
    {
        var samples = new List<(byte[], byte[])>();
        foreach (string kind in Samples.Kinds)
        {
            foreach (int length in new[] { 0, 1, 50, 1000, 20_000, 100_000 })
            {
                byte[] original = Samples.Make(kind, length, seed: length + kind.Length);
                foreach (byte[] compressed in Encodings(codec, original)) samples.Add((original, compressed));
            }
        }
        return samples;
    }

    private static IEnumerable<byte[]> Encodings(CompressionCodec codec, byte[] original)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                yield return original;
                break;
            case CompressionCodec.Snappy:
                yield return IronSnappy.Snappy.Encode(original);
                byte[]? buffer = null;
                int written = PageCompressor.Compress(CompressionCodec.Snappy, original, ref buffer);
                yield return buffer![..written];
                break;
            case CompressionCodec.Gzip:
                yield return GzipTests.Deflate(original, s => new GZipStream(s, CompressionLevel.Optimal));
                yield return GzipTests.Deflate(original, s => new ZLibStream(s, CompressionLevel.Fastest));
                yield return GzipTests.Deflate(original, s => new DeflateStream(s, CompressionLevel.Optimal));
                int half = original.Length / 2;
                yield return
                [
                    .. GzipTests.Deflate(original[..half], s => new GZipStream(s, CompressionLevel.Fastest)),
                    .. GzipTests.Deflate(original[half..], s => new GZipStream(s, CompressionLevel.Fastest)),
                ];
                break;
            case CompressionCodec.Brotli:
                yield return BrotliTests.Encode(original, 5, 22);
                yield return BrotliTests.Encode(original, 0, 10);
                break;
            case CompressionCodec.Lz4:
                yield return Lz4LegacyTests.Hadoop([[original]]);
                yield return Lz4LegacyTests.Hadoop([[original[..(original.Length / 3)], original[(original.Length / 3)..]]]);
                yield return Lz4Reference.CompressBlock(original);
                yield return Lz4Reference.CompressFrame(original, new Lz4Reference.FramePreferences { BlockChecksum = 1, ContentSize = (ulong)original.Length });
                break;
            case CompressionCodec.Zstd:
                yield return ZstdReference.Compress(original, level: 3);
                yield return ZstdReference.Compress(original, level: 19, contentSize: false, checksum: true);
                break;
            case CompressionCodec.Lz4Raw:
                yield return Lz4Reference.CompressBlock(original);
                yield return Lz4Reference.CompressBlock(original, hcLevel: 12);
                break;
        }
    }
}
