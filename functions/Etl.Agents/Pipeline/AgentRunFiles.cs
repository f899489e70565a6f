using System.Text;
using Etl.Core.Agents;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline;

/// <summary>
/// The files of one agent run in the blob store (<c>runs/{runId}/…</c>): each stage reads what the stage before it
/// wrote, so a stage can run anywhere (another Lambda invocation, after a restart) with nothing kept in memory.
/// Writes go through the store's atomic write: a stage that dies half way leaves the previous file, never half a file.
/// </summary>
public sealed class AgentRunFiles(IBlobStore blobs, string runId)
{
    public const string SourceFile = "source.json";

    public string RunId { get; } = runId;

    public string KeyOf(string file) => StorageKeys.RunFile(RunId, file);

    public async Task WriteAsync<T>(string file, T document, CancellationToken cancellationToken) =>
        await WriteTextAsync(file, RunDocumentsJson.Write(document), cancellationToken);

    public async Task WriteTextAsync(string file, string text, CancellationToken cancellationToken) =>
        await blobs.WriteAsync(KeyOf(file), Encoding.UTF8.GetBytes(text), cancellationToken);

    public async Task<T> ReadAsync<T>(string file, CancellationToken cancellationToken) =>
        RunDocumentsJson.Read<T>(await ReadTextAsync(file, cancellationToken), $"{KeyOf(file)}");

    public async Task<T?> TryReadAsync<T>(string file, CancellationToken cancellationToken) where T : class =>
        await blobs.GetInfoAsync(KeyOf(file), cancellationToken) is null ? null : await ReadAsync<T>(file, cancellationToken);

    public async Task<string> ReadTextAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(KeyOf(file), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public async Task<AgentRequest> RequestAsync(CancellationToken cancellationToken) =>
        AgentJobs.ParseRequest(await ReadTextAsync(AgentRuns.Request, cancellationToken));

    public async Task<AgentSource> SourceAsync(CancellationToken cancellationToken) =>
        (await ReadAsync<SourceDocument>(SourceFile, cancellationToken)).ToSource();

    /// <summary>The files of a run document as a project.</summary>
    public static ProjectFiles ToProject(IReadOnlyList<ProjectFileEntry> files)
    {
        var pairs = new List<KeyValuePair<string, string>>(files.Count);
        foreach (var file in files) pairs.Add(new(file.Path, file.Content));
        return new ProjectFiles(pairs);
    }

    /// <summary>A project as a run document's file list.</summary>
    public static IReadOnlyList<ProjectFileEntry> ToEntries(ProjectFiles files)
    {
        var entries = new List<ProjectFileEntry>(files.Count);
        foreach (var (path, content) in files.Files) entries.Add(new ProjectFileEntry(path, content));
        return entries;
    }
}
