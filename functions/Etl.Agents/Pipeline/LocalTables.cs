using Etl.Core.Agents;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline;

/// <summary>
/// The source tables as local Parquet files for the validator: a table whose address is already a local file (the
/// disk store, a folder of tables) is used in place; any other (S3) is copied into a scratch folder that is deleted
/// with this object.
/// </summary>
public sealed class LocalTables : IAsyncDisposable
{
    private readonly string? _scratch;

    private LocalTables(IReadOnlyList<SourceTableData> tables, string? scratch)
    {
        Tables = tables;
        _scratch = scratch;
    }

    public IReadOnlyList<SourceTableData> Tables { get; }

    public static async Task<LocalTables> MaterializeAsync(IBlobStore blobs, AgentSource source, string scratchFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tables = new List<SourceTableData>(source.Tables.Count);
        string? scratch = null;
        try
        {
            foreach (var table in source.Tables)
            {
                if (Path.IsPathFullyQualified(table.Location) && File.Exists(table.Location))
                {
                    tables.Add(new SourceTableData(source.Name, table.Schema.Name, table.Location));
                    continue;
                }

                scratch ??= Directory.CreateDirectory(scratchFolder).FullName;
                var local = Path.Combine(scratch, table.Schema.Name + ".parquet");
                await using (var input = await blobs.OpenReadAsync(table.Key, cancellationToken))
                await using (var output = File.Create(local))
                {
                    await input.CopyToAsync(output, cancellationToken);
                }
                tables.Add(new SourceTableData(source.Name, table.Schema.Name, local));
            }
            return new LocalTables(tables, scratch);
        }
        catch
        {
            Delete(scratch);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Delete(_scratch);
        return ValueTask.CompletedTask;
    }

    private static void Delete(string? folder)
    {
        if (folder is null) return;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
