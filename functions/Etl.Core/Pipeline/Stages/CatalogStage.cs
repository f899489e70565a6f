using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Datasets.Samples;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Etl.Parquet.File;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// For a job that names a dataset: registers the job's tables as the dataset's next version, graded against the
/// current version and decided by the dataset's policy, and writes runs/{jobId}/changes.json. A job without a dataset
/// passes through untouched.
/// </summary>
/// <remarks>
/// <para>
/// The candidate's tables are the convert stage's runs/{jobId}/tables.json when it normalized the input; otherwise the
/// job's one Parquet file (the upload itself, or the flat conversion of a JSON upload) described from its footer as a
/// one-table version, whose tables.json this stage writes.
/// </para>
/// <para>
/// Applied → the version is current (the job's <c>datasetVersion</c>). Held for review → the version waits, the job
/// completes with <c>review: "pending"</c>. Rejected (a frozen dataset) → the version is kept as rejected for the
/// record and the job fails with <c>errorType: SchemaChangeRejected</c>, never retried.
/// </para>
/// <para>
/// Registration is conditional on the version the candidate was compared with; when another load moved the dataset in
/// between, the candidate is compared again with the new current version. Running the stage again for the same job
/// (a retry, a recovery after a crash) finds the version it registered and repeats its outcome.
/// </para>
/// </remarks>
/// <param name="blobs">Where the tables are read and changes.json written.</param>
/// <param name="catalog">The catalog of datasets.</param>
/// <param name="read">Parquet reader settings (the decode budget of one row group); null = the codec's defaults.</param>
public sealed class CatalogStage(IBlobStore blobs, ICatalog catalog, ParquetReadOptions? read = null) : IPipelineStage
{
    /// <summary>How many times a registration is compared again after losing a race before the stage gives up (transiently).</summary>
    public const int MaxRegistrationAttempts = 20;

    public const string ReviewPending = "pending";
    public const string ReviewApproved = "approved";
    public const string ReviewRejected = "rejected";

    private readonly ChangeSampler _samples = new(blobs, read);
    private readonly CandidateDetails _details = new(blobs, catalog);

    public string Name => StageNames.Catalog;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        if (job.Dataset is not { } dataset) return StageOutput.None;

        var record = await catalog.GetAsync(dataset, cancellationToken);
        if (FindVersionOf(job, record) is { } registered)
        {
            return await OutcomeAsync(job, dataset, registered, cancellationToken);
        }

        var candidate = await _details.CompleteAsync(job, dataset, await CandidateTablesAsync(job, dataset, cancellationToken), cancellationToken);
        progress.Report(0.2);
        var sampled = false;
        try
        {
            for (var attempt = 1; attempt <= MaxRegistrationAttempts; attempt++)
            {
                record ??= await catalog.GetAsync(dataset, cancellationToken);
                var expected = record?.CurrentVersion;
                var current = expected is { } number ? await catalog.GetVersionAsync(dataset, number, cancellationToken) : null;
                IReadOnlyList<SchemaChange> changes = current is null ? [] : ChangeClassifier.Diff(current.Tables.Tables, candidate.Tables);
                sampled |= changes.Count > 0;
                changes = await _samples.AttachAsync(changes, current is null ? null : (current.Tables, current.JobId), (candidate, job.JobId), cancellationToken);
                var decision = PolicyDecision.Decide(changes, record?.Policy ?? ChangePolicy.Evolve);
                var version = await catalog.TryAddVersionAsync(dataset, expected, new VersionCandidate(job.JobId, candidate, changes, decision), cancellationToken);
                if (version is { } added)
                {
                    progress.Report(0.9);
                    return await OutcomeAsync(job, dataset, added, cancellationToken);
                }

                record = null;
            }
        }
        finally
        {
            // Sampling decodes a row group of each table it reads.
            if (sampled) StageMemory.Release();
        }

        throw new TimeoutException(
            $"dataset '{dataset}' kept changing while this job's version was being registered ({MaxRegistrationAttempts} attempts); the stage will be tried again");
    }

    private static int? FindVersionOf(JobRecord job, DatasetRecord? record)
    {
        foreach (var version in record?.Versions ?? [])
        {
            if (version.JobId == job.JobId) return version.Version;
        }

        return null;
    }

    // What the registered version means for the job, from what the catalog stored (so a second run repeats the first).
    private async Task<StageOutput> OutcomeAsync(JobRecord job, string dataset, int number, CancellationToken cancellationToken)
    {
        // Glue (on AWS) is written after the catalog's state changed; a failure there is transient, and this stage's
        // retry (which finds the version registered) publishes again.
        await catalog.EnsurePublishedAsync(dataset, cancellationToken);
        var version = await catalog.GetVersionAsync(dataset, number, cancellationToken)
            ?? throw new InvalidOperationException($"dataset '{dataset}' lost its version {number} right after registering it");
        await blobs.WriteAsync(StorageKeys.Changes(job.JobId), System.Text.Encoding.UTF8.GetBytes(version.Changes.ToJson()), cancellationToken);
        return version.Changes.Decision switch
        {
            ChangeDecision.Applied => new StageOutput(DatasetVersion: number),
            ChangeDecision.HeldForReview => new StageOutput(DatasetVersion: number, Review: version.Status switch
            {
                VersionStatus.PendingReview => ReviewPending,
                VersionStatus.Rejected => ReviewRejected,
                _ => ReviewApproved,
            }),
            _ => throw new StageFailedException(new StageError(PolicyDecision.RejectedErrorType,
                PolicyDecision.RejectionMessage(dataset, version.Changes.Changes))),
        };
    }

    private async Task<TablesDocument> CandidateTablesAsync(JobRecord job, string dataset, CancellationToken cancellationToken) =>
        await JobTables.ReadAsync(blobs, job, dataset, read, cancellationToken)
        ?? throw new NotSupportedException(
            $"Job {job.JobId} names dataset '{dataset}' but wrote no tables: a JSON file converted to {job.OutputFormat} has no Parquet to catalogue. " +
            "Upload the file again and trigger it with outputFormat \"parquet\" (the default for JSON) or normalize: true.");
}
