using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Etl.Core.Normalize;

namespace Etl.Core.Datasets;

/// <summary>
/// <c>runs/{jobId}/tables.json</c>: the tables a JSON input became (DESIGN.md, "Datasets, tables and changes"):
/// <c>{tables: [...], recommendation: {layout, confidence, reason}}</c>, plus the records read, the names that had to
/// change, and the cost estimate.
/// </summary>
/// <param name="Tables">The root table first, then each child table after its parent.</param>
/// <param name="Recommendation">Normalized tables or one denormalized table, and why.</param>
/// <param name="InputRecords">Records read from the input (the root table's expected rows).</param>
/// <param name="Aliases">Every table or column name that differs from its source (normalized, reserved, shortened, clash).</param>
/// <param name="Cost">What scanning and storing the tables costs on AWS; null until estimated.</param>
public sealed record TablesDocument(
    IReadOnlyList<TableSchema> Tables,
    LayoutRecommendation Recommendation,
    long InputRecords,
    IReadOnlyList<NameAlias> Aliases,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CostEstimate? Cost = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        // One converter per enum the document holds: the non-generic converter needs run-time code generation.
        Converters =
        {
            new JsonStringEnumConverter<TableLayout>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<NameKind>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<NameChangeReason>(JsonNamingPolicy.CamelCase),
        },
        TypeInfoResolver = CoreDocumentsJson.Default,
    };

    private static readonly JsonTypeInfo<TablesDocument> TypeInfo = (JsonTypeInfo<TablesDocument>)Options.GetTypeInfo(typeof(TablesDocument));

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public TableSchema? Table(string name)
    {
        foreach (var table in Tables)
        {
            if (table.Name == name) return table;
        }
        return null;
    }

    /// <summary>The document as tables.json holds it (indented, camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="FormatException"/> saying what is wrong otherwise.</summary>
    public static TablesDocument Parse(string json)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, TypeInfo)
                ?? throw new FormatException("tables.json holds null, not a tables document");
            if (document.Tables is null || document.Recommendation is null)
                throw new FormatException("not a tables document: 'tables' and 'recommendation' are required");
            return document;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a tables document: {e.Message}", e);
        }
    }
}

/// <summary>How the tables are best used: as related tables, or joined back into one wide table.</summary>
public enum TableLayout
{
    /// <summary>Keep the related tables (arrays are large, varied or deep).</summary>
    Normalized,

    /// <summary>One table is simpler (few, small or one-to-one child tables).</summary>
    Denormalized,
}

/// <summary>The recommendation of tables.json: a layout with a confidence (0–1) and a reason a person can check.</summary>
public sealed record LayoutRecommendation(TableLayout Layout, double Confidence, string Reason);

/// <summary>
/// Athena and S3 cost of a dataset version, before (the raw input) and after (the Parquet tables), at the published
/// list prices the estimate names.
/// </summary>
/// <param name="Input">A full scan and a month of storage of the input as uploaded.</param>
/// <param name="Tables">The same for each table's Parquet file.</param>
/// <param name="Total">The sum over the tables.</param>
/// <param name="Prices">The prices used (USD per TB scanned, per GB-month stored, minimum bytes billed per query) and their source.</param>
public sealed record CostEstimate(ScanCost Input, IReadOnlyList<TableCost> Tables, ScanCost Total, CostPrices Prices);

/// <summary>Bytes, the Athena charge to scan them once, and the S3 charge to keep them a month.</summary>
public sealed record ScanCost(long Bytes, decimal ScanUsd, decimal StorageUsdPerMonth);

/// <summary>The <see cref="ScanCost"/> of one table.</summary>
public sealed record TableCost(string Table, ScanCost Cost);

/// <summary>The list prices an estimate used.</summary>
public sealed record CostPrices(decimal AthenaUsdPerTb, long AthenaMinimumBytes, decimal S3UsdPerGbMonth, string Source);
