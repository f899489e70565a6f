using System.Text;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// Quoting for the DDL. Every identifier is quoted, whatever it is: a column may be named <c>order</c> or
/// <c>select</c>, and a list of reserved words differs per engine and version.
/// </summary>
internal static class SqlText
{
    /// <summary>A Hive/Athena identifier: <c>`name`</c>, a back-tick doubled.</summary>
    public static string Hive(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>A standard SQL identifier: <c>"name"</c>, a double quote doubled.</summary>
    public static string Sql(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A table name as SQL writes it: <c>"db"."table"</c>, or <c>"dataset"."table"</c> for a reference into another dataset.</summary>
    public static string SqlTable(string? schema, string table)
    {
        var dot = table.IndexOf('.');
        if (dot > 0) return Sql(table[..dot]) + "." + Sql(table[(dot + 1)..]);
        return schema is null ? Sql(table) : Sql(schema) + "." + Sql(table);
    }

    /// <summary>Quoted, comma-separated SQL identifiers.</summary>
    public static string SqlList(IReadOnlyList<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(Sql(name));
        }
        return text.ToString();
    }

    /// <summary>
    /// A Hive string literal: single quotes, with back-slash escapes (Hive's DDL parser unescapes <c>\'</c> and
    /// <c>\\</c>), cut to <paramref name="maxLength"/> characters first (Glue's limits on comments).
    /// </summary>
    public static string HiveString(string text, int maxLength = int.MaxValue)
    {
        var line = OneLine(text);
        if (line.Length > maxLength) line = line[..maxLength];
        return "'" + line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>The text with control characters (line breaks above all) as spaces, so it fits in a <c>--</c> comment or one literal.</summary>
    public static string OneLine(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f')) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i])) chars[i] = ' ';
        }
        return new string(chars);
    }
}
