using System.Text;
using System.Text.Json.Nodes;
using Etl.Core.Datasets.Changes;
using Etl.Core.Storage;
using Etl.Parquet;
using Etl.Parquet.File;

namespace Etl.Core.Datasets.Samples;

/// <summary>
/// Attaches to each change up to <see cref="SchemaChange.MaxSamples"/> rows that show it, read from the tables' Parquet
/// files: for a type change, rows with values of the new type (first those the old type cannot hold); for a column that
/// became nullable, rows where it is null in the new version; for one that became required, rows where it is null in
/// the current version (the nulls the new schema forbids); for an added column, rows with a value; for a dropped column
/// or table, rows of the current version; for an added table, its first rows; for a key change, rows of the new version
/// where the old key's values repeat or are null. Each row holds the table's key columns and the offending one.
/// </summary>
/// <remarks>
/// Reading is bounded: each file is read once for all the changes that need it, at most <see cref="MaxRowsScanned"/>
/// rows, and stops as soon as every change has its samples. Samples only illustrate: a file that is missing or cannot be
/// read leaves its changes without samples rather than failing the load.
/// </remarks>
internal sealed class ChangeSampler(IBlobStore blobs, ParquetReadOptions? read = null)
{
    /// <summary>The most rows read from one file while looking for samples.</summary>
    public const int MaxRowsScanned = 10_000;

    /// <summary>Key columns shown when a table has no key: enough to find the row again.</summary>
    private const int ContextColumns = 2;

    /// <summary>
    /// <paramref name="changes"/> with samples attached where rows show them.
    /// </summary>
    /// <param name="changes">The changes from <paramref name="current"/> to <paramref name="candidate"/>.</param>
    /// <param name="current">The current version's tables and the job that wrote them; null for a first version.</param>
    /// <param name="candidate">The candidate's tables and the job that wrote them.</param>
    public async Task<IReadOnlyList<SchemaChange>> AttachAsync(IReadOnlyList<SchemaChange> changes, (TablesDocument Tables, string JobId)? current,
        (TablesDocument Tables, string JobId) candidate, CancellationToken cancellationToken)
    {
        var requests = new Dictionary<(string JobId, string Table), List<Request>>();
        var tables = new Dictionary<(string JobId, string Table), TableSchema>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (RequestFor(i, changes[i], current, candidate) is not var (jobId, table, request)) continue;
            var where = (jobId, table.Name);
            if (!requests.TryGetValue(where, out var list)) requests[where] = list = [];
            list.Add(request);
            tables[where] = table;
        }

        var samples = new IReadOnlyList<JsonObject>?[changes.Count];
        foreach (var ((jobId, name), list) in requests)
        {
            await ScanAsync(jobId, tables[(jobId, name)], list, cancellationToken);
            foreach (var request in list) samples[request.Change] = request.Samples();
        }

        var result = new SchemaChange[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            result[i] = samples[i] is { Count: > 0 } rows ? changes[i] with { Samples = rows } : changes[i];
        }

        return result;
    }

    private static (string JobId, TableSchema Table, Request Request)? RequestFor(int index, SchemaChange change,
        (TablesDocument Tables, string JobId)? current, (TablesDocument Tables, string JobId) candidate)
    {
        var after = candidate.Tables.Table(change.Table);
        var before = current?.Tables.Table(change.Table);
        var oldColumn = change.Column is null ? null : before?.Column(change.Column);
        var newColumn = change.Column is null ? null : after?.Column(change.Column);
        switch (change.Kind)
        {
            case ChangeKind.TableAdded when after is not null:
                return (candidate.JobId, after, new Request(index, _ => true, null, Leading(after)));
            case ChangeKind.TableDropped when before is not null:
                return (current!.Value.JobId, before, new Request(index, _ => true, null, Leading(before)));
            case ChangeKind.ColumnAdded when after is not null && newColumn is not null:
                return (candidate.JobId, after, new Request(index, row => RowValues.Of(row, newColumn) is not null, null, Shown(after, newColumn)));
            case ChangeKind.ColumnDropped when before is not null && oldColumn is not null:
                return (current!.Value.JobId, before, new Request(index, row => RowValues.Of(row, oldColumn) is not null, null, Shown(before, oldColumn)));
            case ChangeKind.TypeChanged when after is not null && newColumn is not null && oldColumn is not null:
                return (candidate.JobId, after, new Request(index, row => RowValues.Of(row, newColumn) is not null,
                    row => !ValueFit.Fits(RowValues.Of(row, newColumn), oldColumn.Type), Shown(after, newColumn)));
            case ChangeKind.NullabilityChanged when newColumn is { Nullable: true } && after is not null:
                return (candidate.JobId, after, new Request(index, row => RowValues.Of(row, newColumn) is null, null, Shown(after, newColumn)));
            case ChangeKind.NullabilityChanged when oldColumn is { Nullable: true } && before is not null:
                return (current!.Value.JobId, before, new Request(index, row => RowValues.Of(row, oldColumn) is null, null, Shown(before, oldColumn)));
            case ChangeKind.KeyChanged when after is not null && OldKeyColumns(change, after) is { } key:
                var shown = new List<ColumnSchema>(key);
                foreach (var column in KeyColumns(after)) AddOnce(shown, column);
                return (candidate.JobId, after, new Request(index, BrokenKey(key), null, shown));
            default:
                return null;
        }
    }

    // The columns of the key the change replaced or dropped, as columns of the new table; null when it had none or
    // one of them is gone (the column change says that already).
    private static List<ColumnSchema>? OldKeyColumns(SchemaChange change, TableSchema after)
    {
        if (change.From is not { } from) return null;
        var arrow = from.IndexOf(" → ", StringComparison.Ordinal);
        var names = (arrow >= 0 ? from[..arrow] : from).Split(", ");
        var columns = new List<ColumnSchema>(names.Length);
        foreach (var name in names)
        {
            if (after.Column(name) is not { } column) return null;
            columns.Add(column);
        }

        return columns;
    }

    // Rows whose key is null or repeats an earlier row's: why the old key no longer identifies a row.
    private static Func<JsonObject, bool> BrokenKey(List<ColumnSchema> key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return row =>
        {
            var text = new StringBuilder();
            foreach (var column in key)
            {
                if (RowValues.Of(row, column) is not { } value) return true;
                text.Append(value.ToJsonString()).Append('\u001f');
            }

            return !seen.Add(text.ToString());
        };
    }

    private static List<ColumnSchema> KeyColumns(TableSchema table)
    {
        var columns = new List<ColumnSchema>();
        foreach (var name in table.PrimaryKey)
        {
            if (table.Column(name) is { } column) AddOnce(columns, column);
        }

        foreach (var name in table.NaturalKey?.Columns ?? [])
        {
            if (table.Column(name) is { } column) AddOnce(columns, column);
        }

        return columns;
    }

    // The key columns, else the first columns for context, then the offending column.
    private static List<ColumnSchema> Shown(TableSchema table, ColumnSchema offending)
    {
        var columns = KeyColumns(table);
        if (columns.Count == 0)
        {
            foreach (var column in table.Columns)
            {
                if (columns.Count == ContextColumns) break;
                if (column.Name != offending.Name) columns.Add(column);
            }
        }

        columns.RemoveAll(c => c.Name == offending.Name);
        columns.Add(offending);
        return columns;
    }

    // A whole table: its keys and its first columns, a few in all.
    private static List<ColumnSchema> Leading(TableSchema table)
    {
        var columns = KeyColumns(table);
        foreach (var column in table.Columns)
        {
            if (columns.Count >= ContextColumns + 2) break;
            AddOnce(columns, column);
        }

        return columns;
    }

    private static void AddOnce(List<ColumnSchema> columns, ColumnSchema column)
    {
        foreach (var existing in columns)
        {
            if (existing.Name == column.Name) return;
        }

        columns.Add(column);
    }

    private async Task ScanAsync(string jobId, TableSchema table, List<Request> requests, CancellationToken cancellationToken)
    {
        if (await TableFiles.FindAsync(blobs, jobId, table, cancellationToken) is not { } key) return;
        try
        {
            await using var stream = await Pipeline.Stages.SeekableInput.OpenAsync(blobs, key, cancellationToken);
            await Task.Run(() => ParquetRowScan.Scan(stream, MaxRowsScanned, read, row =>
            {
                var open = false;
                foreach (var request in requests)
                {
                    request.Offer(row);
                    open |= !request.Full;
                }

                return open;
            }, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is IOException or ParquetFormatException or System.Text.Json.JsonException)
        {
            // A sample is an illustration; the schemas were already compared without it.
        }
    }

    /// <summary>The rows wanted for one change: those that show it, and among them those that show it best.</summary>
    private sealed class Request(int change, Func<JsonObject, bool> shows, Func<JsonObject, bool>? prefers, List<ColumnSchema> shown)
    {
        private readonly List<JsonObject> _best = [];
        private readonly List<JsonObject> _others = [];

        public int Change => change;

        public bool Full => _best.Count >= SchemaChange.MaxSamples;

        public void Offer(JsonObject row)
        {
            if (Full || !shows(row)) return;
            if (prefers is null || prefers(row)) _best.Add(Project(row));
            else if (_others.Count < SchemaChange.MaxSamples) _others.Add(Project(row));
        }

        public IReadOnlyList<JsonObject>? Samples()
        {
            var rows = new List<JsonObject>(_best);
            for (var i = 0; i < _others.Count && rows.Count < SchemaChange.MaxSamples; i++) rows.Add(_others[i]);
            return rows.Count == 0 ? null : rows;
        }

        private JsonObject Project(JsonObject row)
        {
            var sample = new JsonObject();
            foreach (var column in shown) sample[column.Name] = RowValues.Of(row, column)?.DeepClone();
            return sample;
        }
    }
}
