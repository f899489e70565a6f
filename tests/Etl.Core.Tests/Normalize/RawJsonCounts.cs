using System.Text;
using System.Text.Json;

namespace Etl.Core.Tests.Normalize;

/// <summary>
/// Counts from the raw JSON with System.Text.Json's document model — not the normalizer: the records of an input
/// and the elements of the array (or the entries of the map) at a source path such as <c>payload.commits[]</c> or
/// <c>a.m.*</c>.
/// </summary>
internal static class RawJsonCounts
{
    public static List<JsonElement> Records(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json).TrimStart('\uFEFF');
        try
        {
            using var whole = JsonDocument.Parse(text);
            var root = whole.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
        }
        catch (JsonException)
        {
            var records = new List<JsonElement>();
            foreach (var line in text.Split('\n'))
            {
                if (line.Trim().Length == 0) continue;
                using var document = JsonDocument.Parse(line);
                records.Add(document.RootElement.Clone());
            }
            return records;
        }
    }

    /// <summary>Elements (for a path ending in <c>[]</c>) or entries (ending in <c>.*</c>) at <paramref name="sourcePath"/> over all records.</summary>
    public static long At(List<JsonElement> records, string sourcePath)
    {
        var segments = Segments(sourcePath);
        long count = 0;
        foreach (var record in records) count += Walk(record, segments, 0);
        return count;
    }

    private static List<string> Segments(string path)
    {
        // "a.b[].c[]" → a, b, [], c, []   ;   "m.*" → m, *
        var segments = new List<string>();
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var hops = 0;
            while (name.EndsWith("[]", StringComparison.Ordinal))
            {
                name = name[..^2];
                hops++;
            }
            if (name.Length > 0) segments.Add(name);
            for (var i = 0; i < hops; i++) segments.Add("[]");
        }
        return segments;
    }

    private static long Walk(JsonElement value, List<string> segments, int at)
    {
        var last = at == segments.Count - 1;
        var segment = segments[at];
        if (segment == "[]")
        {
            if (value.ValueKind != JsonValueKind.Array) return 0;
            if (last) return value.GetArrayLength();
            long sum = 0;
            foreach (var element in value.EnumerateArray()) sum += Walk(element, segments, at + 1);
            return sum;
        }
        if (value.ValueKind != JsonValueKind.Object) return 0;
        if (segment == "*")
        {
            if (last) return value.EnumerateObject().Count();
            long sum = 0;
            foreach (var property in value.EnumerateObject()) sum += Walk(property.Value, segments, at + 1);
            return sum;
        }
        // The first occurrence of a repeated key wins, as in the normalizer's rules.
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name == segment) return Walk(property.Value, segments, at + 1);
        }
        return 0;
    }
}
