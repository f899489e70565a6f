using System.Buffers.Binary;
using System.Numerics;

namespace Etl.Core.Normalize;

/// <summary>
/// The 64-bit hash behind row keys, uniqueness tracking and table checksums. Written out (a multiply-rotate mix
/// over 8-byte words with MurmurHash3's finalizer) rather than <see cref="HashCode"/>, which is randomized per
/// process: keys must be the same in every run, on every host, in every version.
/// </summary>
internal static class RowHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>The hash of <paramref name="bytes"/> under <paramref name="seed"/> (a different seed gives an unrelated hash).</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes, ulong seed)
    {
        var h = seed ^ ((ulong)bytes.Length * Prime1);
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft(h ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes) * Prime2), 27) * Prime1;
            bytes = bytes[8..];
        }
        if (bytes.Length > 0)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
            h = BitOperations.RotateLeft(h ^ (tail * Prime2), 27) * Prime1;
        }
        return Finish(h);
    }

    /// <summary>Combines two hashes (order matters: <c>Mix(a, b) != Mix(b, a)</c>).</summary>
    public static ulong Mix(ulong a, ulong b) => Finish(BitOperations.RotateLeft(a * Prime1, 31) ^ (b + Prime2));

    /// <summary>A seed from a text (a table name): hashed once per table, never per value.</summary>
    public static ulong Seed(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text), 0x243F6A8885A308D3UL);

    /// <summary>Writes <paramref name="hash"/> as 16 lower-case hex digits (how keys are stored: text stays exact in JSON and JavaScript, where a 64-bit integer does not).</summary>
    public static void Hex(ulong hash, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            var digit = (int)(hash & 0xF);
            destination[i] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            hash >>= 4;
        }
    }

    /// <summary>As <see cref="Hex(ulong, Span{byte})"/>, as a string (for documents, not for rows).</summary>
    public static string Hex(ulong hash) => hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
