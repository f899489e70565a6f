using System.Text.Json.Nodes;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Core.Profile;

/// <summary>Computes a <see cref="DatasetProfile"/> of a Parquet file: schema, row count, per-column nulls, min/max, distinct estimate, first rows.</summary>
public static class ParquetProfiler
{
    public static DatasetProfile Profile(Stream parquet, int sampleRows = 20, CancellationToken cancellationToken = default)
    {
        using var reader = new ParquetFileReader(parquet, leaveOpen: true);
        return Profile(reader, sampleRows, cancellationToken);
    }

    public static DatasetProfile Profile(ParquetFileReader reader, int sampleRows = 20, CancellationToken cancellationToken = default)
    {
        var columns = reader.Schema.Columns;
        var statistics = new ColumnStatistics[columns.Count];
        for (var c = 0; c < columns.Count; c++) statistics[c] = new ColumnStatistics(columns[c]);
        var batches = new ColumnBatch?[columns.Count];
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = reader.RowGroup(g);
            for (var c = 0; c < columns.Count; c++)
            {
                batches[c] = group.ReadColumn(c, batches[c]);
                statistics[c].Add(batches[c]!);
            }
        }
        var profiles = new ColumnProfile[columns.Count];
        for (var c = 0; c < columns.Count; c++) profiles[c] = statistics[c].ToProfile();
        return new DatasetProfile(reader.RowCount, profiles, Sample(reader, sampleRows, cancellationToken));
    }

    private static List<JsonObject> Sample(ParquetFileReader reader, int rows, CancellationToken cancellationToken)
    {
        var sample = new List<JsonObject>();
        if (rows <= 0) return sample;
        using var buffer = new MemoryStream();
        ParquetToJson.Convert(reader, buffer, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { MaxRows = rows, Parallelism = 1 }, cancellationToken);
        foreach (var line in System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (JsonNode.Parse(line) is JsonObject row) sample.Add(row);
        }
        return sample;
    }
}
