using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Core.Datasets.Samples;

/// <summary>
/// Whether a value, as the conversion renders it in JSON, could have been a value of a column type: how the sampler
/// picks, for a type change, the rows the old type cannot hold (the text that is not a number, the fraction in a
/// column that was whole numbers) before rows that merely have a value.
/// </summary>
internal static class ValueFit
{
    public static bool Fits(JsonNode? value, ColumnType type)
    {
        if (value is null) return true;
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
        return type.Kind switch
        {
            ColumnKind.Json => true,
            ColumnKind.String => kind == JsonValueKind.String,
            ColumnKind.Boolean => kind is JsonValueKind.True or JsonValueKind.False || text is "true" or "false",
            ColumnKind.Int32 => Whole(value, kind, text, int.MinValue, int.MaxValue),
            ColumnKind.Int64 => Whole(value, kind, text, long.MinValue, long.MaxValue),
            ColumnKind.Double => kind == JsonValueKind.Number
                || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ColumnKind.Decimal => kind == JsonValueKind.Number
                || decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ColumnKind.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ColumnKind.Timestamp => text is not null && HasZone(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ColumnKind.TimestampLocal => text is not null && !HasZone(text)
                && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ColumnKind.List => kind == JsonValueKind.Array,
            _ => true,
        };
    }

    private static bool Whole(JsonNode value, JsonValueKind kind, string? text, long min, long max)
    {
        long number;
        if (kind == JsonValueKind.Number)
        {
            if (!value.AsValue().TryGetValue<long>(out number)) return false;
        }
        else if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        return number >= min && number <= max;
    }

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
