using System.Buffers.Binary;
using System.Text;

namespace Etl.Parquet.Tests.Compression;

/// <summary>Deterministic inputs shaped like page bodies: noise, text, runs, plain-encoded numbers.</summary>
internal static class Samples
{
    public static readonly string[] Kinds = ["random", "text", "runs", "numbers", "mixed"];

    public static readonly int[] Lengths = [0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 1000, 4096, 65535, 65536, 65537, 100_000, 300_001];

    public static IEnumerable<object[]> KindsAndLengths()
    {
        foreach (string kind in Kinds)
        {
            foreach (int length in Lengths) yield return [kind, length];
        }
    }

    public static byte[] Make(string kind, int length, int seed = 42) => kind switch
    {
        "random" => RandomBytes(length, seed),
        "text" => Text(length, seed),
        "runs" => Runs(length, seed),
        "numbers" => Numbers(length, seed),
        "mixed" => Mixed(length, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] Text(int length, int seed)
    {
        string[] words = ["parquet", "column", "page", "the", "of", "compression", "snappy", "row", "group", "value", "null", "dictionary", "a", "is", "encoding", "42", "2024-01-01", "Zürich"];
        var random = new Random(seed);
        var text = new StringBuilder(length + 16);
        while (text.Length < length) text.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? ".\n" : " ");
        var data = new byte[length];
        Encoding.UTF8.GetBytes(text.ToString()).AsSpan(0, length).CopyTo(data);
        return data;
    }

    /// <summary>Runs of one byte and short repeating patterns: overlapping copies of every small distance.</summary>
    public static byte[] Runs(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        int i = 0;
        while (i < length)
        {
            int period = random.Next(1, 24);
            int run = random.Next(1, random.Next(2) == 0 ? 100 : 5000);
            for (int k = 0; k < period && i + k < length; k++) data[i + k] = (byte)random.Next(256);
            for (int k = period; k < run && i + k < length; k++) data[i + k] = data[i + k - period];
            i += run;
        }
        return data;
    }

    /// <summary>Little-endian int64 values drifting slowly, like a PLAIN-encoded id or timestamp column.</summary>
    public static byte[] Numbers(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        long value = 1_700_000_000_000;
        Span<byte> bytes = stackalloc byte[8];
        for (int i = 0; i < length; i += 8)
        {
            value += random.Next(0, 1000);
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            bytes[..Math.Min(8, length - i)].CopyTo(data.AsSpan(i));
        }
        return data;
    }

    public static byte[] Mixed(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        int i = 0;
        while (i < length)
        {
            int part = Math.Min(length - i, random.Next(1, 20_000));
            byte[] piece = Make(Kinds[random.Next(4)], part, random.Next());
            piece.CopyTo(data, i);
            i += part;
        }
        return data;
    }
}
