namespace Etl.Core.Normalize;

/// <summary>What keys and values look like: data-like object keys (maps), key-like column names, UUIDs.</summary>
internal static class KeyShapes
{
    /// <summary>
    /// True for an object key that is data rather than a field name: a number or date (<c>2024-01-31</c>,
    /// <c>12345</c>, <c>1.5</c>), a UUID, or a hex id of 8+ characters with a digit (<c>a3f9c2e1</c>).
    /// </summary>
    public static bool IsDataLike(string key)
    {
        if (key.Length == 0) return false;
        if (char.IsAsciiDigit(key[0]))
        {
            foreach (var c in key)
                if (!char.IsAsciiDigit(c) && c is not ('-' or ':' or '.' or 'T' or 'Z' or '+' or '_' or ' ')) return IsHexId(key);
            return true;
        }
        return IsHexId(key) || IsUuid(key);
    }

    /// <summary>How key-like a column name is (0 = not at all), and the words a reason uses.</summary>
    public static double NameScore(string name, out string why)
    {
        var lower = name.ToLowerInvariant();
        why = $"named {name}";
        switch (lower)
        {
            case "id" or "_id" or "uuid" or "guid":
                return 0.95;
            case "key" or "code" or "sha" or "slug":
                return 0.75;
        }
        if (lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith("_uuid", StringComparison.Ordinal)
            || lower.EndsWith("_key", StringComparison.Ordinal) || lower.EndsWith("_code", StringComparison.Ordinal))
            return 0.85;
        // camelCase: orderId, userUUID.
        if (name.Length > 2 && (name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("ID", StringComparison.Ordinal) || name.EndsWith("Uuid", StringComparison.Ordinal)))
            return 0.85;
        why = "";
        return 0;
    }

    /// <summary>A UUID in its 36-character text form (any version, any case).</summary>
    public static bool IsUuid(ReadOnlySpan<byte> text)
    {
        if (text.Length != 36) return false;
        for (var i = 0; i < 36; i++)
        {
            var b = text[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (b != '-') return false;
            }
            else if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsUuid(string key)
    {
        if (key.Length != 36) return false;
        Span<byte> bytes = stackalloc byte[36];
        for (var i = 0; i < 36; i++)
        {
            if (key[i] > 127) return false;
            bytes[i] = (byte)key[i];
        }
        return IsUuid(bytes);
    }

    private static bool IsHexId(string key)
    {
        if (key.Length < 8) return false;
        var digit = false;
        foreach (var c in key)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
            digit |= char.IsAsciiDigit(c);
        }
        return digit;
    }
}
