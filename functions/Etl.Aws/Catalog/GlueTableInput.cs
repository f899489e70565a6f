using System.Globalization;
using System.Text.Json.Nodes;
using Etl.Core.Datasets.Ddl;

namespace Etl.Aws.Catalog;

/// <summary>
/// A dataset table as Glue's <c>TableInput</c>: the same <see cref="ExternalTable"/> ddl.sql writes as CREATE EXTERNAL
/// TABLE — name, columns with their Hive types (lower-case, as Glue and Athena store them) and comments, description,
/// LOCATION — stored as Parquet (Hive's Parquet SerDe and input/output formats), unpartitioned, classification parquet.
/// The <c>etl.*</c> parameters say which dataset, catalog version and job the definition comes from, and the dataset's
/// revision, so a publish never overwrites a newer one and never touches another dataset's table.
/// </summary>
internal static class GlueTableInput
{
    public const string SerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    public const string InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    public const string OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    public const string DatasetParameter = "etl.dataset";
    public const string VersionParameter = "etl.version";
    public const string JobParameter = "etl.job";
    public const string RevisionParameter = "etl.revision";

    public static JsonObject Of(ExternalTable table, string dataset, int version, string jobId, int revision)
    {
        var columns = new JsonArray();
        foreach (var column in table.Columns)
        {
            var entry = new JsonObject { ["Name"] = column.Name, ["Type"] = column.HiveType.ToLowerInvariant() };
            if (column.Comment is { } comment) entry["Comment"] = comment;
            columns.Add((JsonNode)entry);
        }

        var parameters = new JsonObject
        {
            ["classification"] = "parquet",
            ["EXTERNAL"] = "TRUE",
            [DatasetParameter] = dataset,
            [VersionParameter] = version.ToString(CultureInfo.InvariantCulture),
            [JobParameter] = jobId,
            [RevisionParameter] = revision.ToString(CultureInfo.InvariantCulture),
        };
        if (table.Compression is { } compression) parameters["parquet.compression"] = compression;

        return new JsonObject
        {
            ["Name"] = table.Name,
            ["Description"] = table.Description,
            ["TableType"] = "EXTERNAL_TABLE",
            ["Parameters"] = parameters,
            ["PartitionKeys"] = new JsonArray(),
            ["StorageDescriptor"] = new JsonObject
            {
                ["Columns"] = columns,
                ["Location"] = table.Location,
                ["InputFormat"] = InputFormat,
                ["OutputFormat"] = OutputFormat,
                ["Compressed"] = false,
                ["NumberOfBuckets"] = -1,
                ["StoredAsSubDirectories"] = false,
                ["SerdeInfo"] = new JsonObject
                {
                    ["SerializationLibrary"] = SerDe,
                    ["Parameters"] = new JsonObject { ["serialization.format"] = "1" },
                },
            },
        };
    }

    /// <summary>The dataset revision a table's definition was published at; null when the table is not one of ours.</summary>
    public static int? RevisionOf(Etl.Aws.Glue.GlueTable table) =>
        table.Parameters.TryGetValue(RevisionParameter, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : null;
}
