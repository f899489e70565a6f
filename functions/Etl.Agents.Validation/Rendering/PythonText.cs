using System.Globalization;
using System.Text;

namespace Etl.Agents.Validation.Rendering;

/// <summary>How Jinja (Python's <c>str()</c>) prints a value, and Python's truthiness and equality.</summary>
internal static class PythonText
{
    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        IReadOnlyList<object?> list => List(list),
        _ => value.ToString() ?? "",
    };

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        IReadOnlyList<object?> list => list.Count > 0,
        _ => true,
    };

    public static bool Same(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (bool a, long b) => (a ? 1 : 0) == b,
        (long a, bool b) => a == (b ? 1 : 0),
        (Relation a, _) => a.ToString() == Str(right),
        (_, Relation b) => Str(left) == b.ToString(),
        (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => SameItems(a, b),
        _ => left.Equals(right),
    };

    private static bool SameItems(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!Same(a[i], b[i])) return false;
        }
        return true;
    }

    private static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text.Replace("E", "e", StringComparison.Ordinal) : text + ".0";
    }

    private static string List(IReadOnlyList<object?> list)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Repr(list[i]));
        }
        return text.Append(']').ToString();
    }

    private static string Repr(object? value) => value switch
    {
        string s => s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal)
            ? "\"" + s + "\""
            : "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        _ => Str(value),
    };
}
