using System.Security.Cryptography;
using System.Text;

namespace Etl.Core.Normalize;

/// <summary>
/// A short hash of a source path, written in <c>[0-9a-v]</c>, that tells shortened names apart. SHA-256 rather
/// than <see cref="string.GetHashCode()"/>, which is randomized per process: names must be the same in every run.
/// </summary>
internal static class StableHash
{
    public const int Length = 6;
    private const string Digits = "0123456789abcdefghijklmnopqrstuv";

    public static string Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bits = (ulong)hash[0] << 32 | (ulong)hash[1] << 24 | (ulong)hash[2] << 16 | (ulong)hash[3] << 8 | hash[4];
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Digits[(int)(bits >> (5 * i)) & 31];
        return new string(chars);
    }

    /// <summary>An unambiguous text for a list of keys (keys may contain any character, including separators).</summary>
    public static string Canonical(string prefix, IReadOnlyList<string> path)
    {
        var text = new StringBuilder(prefix.Length + 16).Append(prefix.Length).Append(':').Append(prefix);
        foreach (var key in path) text.Append('/').Append(key.Length).Append(':').Append(key);
        return text.ToString();
    }
}
