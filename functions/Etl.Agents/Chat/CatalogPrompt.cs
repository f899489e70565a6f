using System.Globalization;
using System.Text;
using Etl.Core.Agents;

namespace Etl.Agents.Chat;

/// <summary>
/// The catalog as the model reads it, compactly: per table its row count, keys, foreign keys, and columns with type,
/// nullability and (for low-cardinality text) the values that occur. These are the only names the model may use.
/// </summary>
public static class CatalogPrompt
{
    public static string Render(AgentSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Source '{source.Name}' (dbt source name), target database '{source.TargetDatabase}'.\n");
        text.Append("Tables (the only tables and columns that exist; use these names exactly):\n");
        foreach (var table in source.Tables)
        {
            var schema = table.Schema;
            text.Append(CultureInfo.InvariantCulture, $"\n## {source.Name}.{schema.Name} — {schema.RowCount} rows");
            if (schema.Parent is { } parent) text.Append(CultureInfo.InvariantCulture, $", child of {parent}");
            text.Append('\n');
            if (schema.PrimaryKey.Count > 0) text.Append("primary key: ").Append(string.Join(", ", schema.PrimaryKey)).Append('\n');
            if (schema.NaturalKey is { } natural)
                text.Append(CultureInfo.InvariantCulture, $"natural key: {string.Join(", ", natural.Columns)} (confidence {natural.Confidence:0.##})\n");
            foreach (var foreignKey in schema.ForeignKeys) text.Append("foreign key: ").Append(foreignKey.ToString()).Append('\n');
            text.Append("columns:\n");
            foreach (var column in schema.Columns)
            {
                text.Append("- ").Append(column.Name).Append(' ').Append(column.Type.Name);
                if (!column.Nullable) text.Append(" not null");
                if (table.CategoricalValues.TryGetValue(column.Name, out var values) && values.Count > 0)
                    text.Append(" values: ").Append(string.Join(", ", values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'")));
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
