using System.Text.Json.Nodes;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Core.Profile;

/// <summary>Computes a <see cref="DatasetProfile"/> of a Parquet file: schema, row count, per-column nulls, min/max, distinct estimate, first rows.</summary>
public static class ParquetProfiler
{
    public static DatasetProfile Profile(Stream parquet, int sampleRows = 20, CancellationToken cancellationToken = default) =>
        Profile(parquet, sampleRows, null, cancellationToken);

    /// <summary>Profiles with reader settings (<paramref name="read"/>: checksums, the decode budget of one row group; null = defaults).</summary>
    public static DatasetProfile Profile(Stream parquet, int sampleRows, ParquetReadOptions? read, CancellationToken cancellationToken = default)
    {
        using var reader = new ParquetFileReader(parquet, leaveOpen: true, read);
        return Profile(reader, sampleRows, cancellationToken);
    }

    public static DatasetProfile Profile(ParquetFileReader reader, int sampleRows = 20, CancellationToken cancellationToken = default)
    {
        var columns = reader.Schema.Columns;
        var statistics = new ColumnStatistics[columns.Count];
        for (var c = 0; c < columns.Count; c++) statistics[c] = new ColumnStatistics(columns[c]);
        var batches = new ColumnBatch[columns.Count];
        // The first rows are taken from the batches decoded for the statistics: decoding them again would hold a
        // second copy of a row group, which for a large, highly compressed one is gigabytes.
        using var sample = new MemoryStream();
        long sampled = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = reader.RowGroup(g);
            for (var c = 0; c < columns.Count; c++)
            {
                batches[c] = group.ReadColumn(c, batches[c]);
                statistics[c].Add(batches[c]);
            }
            if (sampled < sampleRows && group.RowCount > 0)
            {
                var take = (int)Math.Min(sampleRows - sampled, group.RowCount);
                ParquetToJson.WriteDecodedRows(reader, batches, g, take, sample);
                sampled += take;
            }
        }
        var profiles = new ColumnProfile[columns.Count];
        for (var c = 0; c < columns.Count; c++) profiles[c] = statistics[c].ToProfile();
        return new DatasetProfile(reader.RowCount, profiles, Rows(sample));
    }

    private static List<JsonObject> Rows(MemoryStream ndjson)
    {
        var rows = new List<JsonObject>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(ndjson.GetBuffer(), 0, (int)ndjson.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (JsonNode.Parse(line) is JsonObject row) rows.Add(row);
        }
        return rows;
    }
}
