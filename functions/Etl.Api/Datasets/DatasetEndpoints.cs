using System.Globalization;
using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Pipeline.Stages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etl.Api.Datasets;

/// <summary>
/// The catalog over HTTP: datasets, their versions with tables and changes, the policy switch, approve and reject of a
/// held version, and rollback to an earlier accepted one. Every change answers the dataset as it is afterwards.
/// </summary>
public static class DatasetEndpoints
{
    public static RouteGroupBuilder MapDatasetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/datasets").WithTags("datasets");
        group.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("Every dataset with its current version, policy and tables.");
        group.MapGet("/{name}", GetAsync).WithName("GetDataset").WithSummary("One dataset and the history of its versions, newest first.");
        group.MapGet("/{name}/versions/{version}", GetVersionAsync).WithName("GetDatasetVersion")
            .WithSummary("One version: its tables (as tables.json), its changes against the version before (as changes.json) and the decision.");
        group.MapPut("/{name}/policy", SetPolicyAsync).WithName("SetDatasetPolicy")
            .WithSummary("What later loads with schema changes do: evolve (breaking changes held), freeze (any change rejected) or review (any change held).")
            .Accepts<PolicyRequest>("application/json");
        group.MapPost("/{name}/versions/{version}/approve", (string name, string version, ICatalog catalog, IJobStore jobs, TimeProvider time, CancellationToken ct) =>
                DecideAsync(name, version, approve: true, catalog, jobs, time, ct))
            .WithName("ApproveDatasetVersion").WithSummary("Make a version held for review current (409 when it is not pending review).");
        group.MapPost("/{name}/versions/{version}/reject", (string name, string version, ICatalog catalog, IJobStore jobs, TimeProvider time, CancellationToken ct) =>
                DecideAsync(name, version, approve: false, catalog, jobs, time, ct))
            .WithName("RejectDatasetVersion").WithSummary("Refuse a version held for review; it is kept as rejected (409 when it is not pending review).");
        group.MapPost("/{name}/rollback", RollbackAsync).WithName("RollbackDataset")
            .WithSummary("Make an earlier accepted version current again; no version is created and the history is kept.")
            .Accepts<RollbackRequest>("application/json");
        return group;
    }

    internal static async Task<Ok<DatasetListResponse>> ListAsync(ICatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(DatasetListResponse.From(await catalog.ListAsync(cancellationToken)));

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> GetAsync(string name, ICatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(name, cancellationToken) is { } dataset
            ? TypedResults.Ok(DatasetResponse.From(dataset))
            : Problems.UnknownDataset(name);

    internal static async Task<Results<Ok<DatasetVersionResponse>, ProblemHttpResult>> GetVersionAsync(
        string name, string version, ICatalog catalog, CancellationToken cancellationToken)
    {
        if (ParseVersion(version) is not { } number) return BadVersion(version);
        if (await catalog.GetVersionAsync(name, number, cancellationToken) is { } found) return TypedResults.Ok(DatasetVersionResponse.From(found));
        return await catalog.GetAsync(name, cancellationToken) is { } dataset ? UnknownVersion(dataset, number) : Problems.UnknownDataset(name);
    }

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> SetPolicyAsync(
        string name, HttpRequest request, ICatalog catalog, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PolicyRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        ChangePolicy? policy = body!.Mode?.Trim().ToLowerInvariant() switch
        {
            "evolve" => ChangePolicy.Evolve,
            "freeze" => ChangePolicy.Freeze,
            "review" => ChangePolicy.Review,
            _ => null,
        };
        if (policy is null)
        {
            return Problems.BadRequest(
                $"mode must be \"evolve\" (info and warning changes applied, breaking ones held for review), \"freeze\" (any change rejected) " +
                $"or \"review\" (any change held){(body.Mode is null ? "" : $", not \"{Problems.Quote(body.Mode)}\"")}; e.g. {{\"mode\": \"review\"}}.");
        }

        return await catalog.SetPolicyAsync(name, policy.Value, cancellationToken) is { } dataset
            ? TypedResults.Ok(DatasetResponse.From(dataset))
            : Problems.UnknownDataset(name);
    }

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> DecideAsync(
        string name, string version, bool approve, ICatalog catalog, IJobStore jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ParseVersion(version) is not { } number) return BadVersion(version);
        var verb = approve ? "approved" : "rejected";

        // The job that made the version writes review "pending" when its catalog stage ends, and completes after that;
        // a decision recorded on the job before then would be overwritten. So a version is decided once its job is done.
        if (await catalog.GetVersionAsync(name, number, cancellationToken) is { } target
            && await jobs.GetAsync(target.JobId, cancellationToken) is { Status: JobStatus.Running } maker)
        {
            return Problems.VersionConflict(
                $"Version {number} of dataset '{target.Dataset}' was made by job {maker.JobId}, which is still RUNNING (stage {maker.Stage ?? "queued"}). " +
                $"Poll GET /job-status/{maker.JobId} and try again when it is COMPLETED.");
        }

        if (!await catalog.TryDecideAsync(name, number, approve, cancellationToken))
        {
            var dataset = await catalog.GetAsync(name, cancellationToken);
            if (dataset is null) return Problems.UnknownDataset(name);
            if (dataset.Versions.FirstOrDefault(v => v.Version == number) is not { } held) return UnknownVersion(dataset, number);
            return Problems.VersionConflict(
                $"Version {number} of dataset '{dataset.Name}' is {VersionStatuses.ToWire(held.Status)}, not pending-review; only a version held for review can be {verb}. " +
                $"See its history with GET /datasets/{dataset.Name}.");
        }

        var decided = (await catalog.GetVersionAsync(name, number, cancellationToken))!;
        await RecordReviewAsync(jobs, decided.JobId, approve ? CatalogStage.ReviewApproved : CatalogStage.ReviewRejected, time, cancellationToken);
        return TypedResults.Ok(DatasetResponse.From((await catalog.GetAsync(name, cancellationToken))!));
    }

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> RollbackAsync(
        string name, HttpRequest request, ICatalog catalog, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RollbackRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Version is not { } number)
        {
            return Problems.BadRequest("version is required: the accepted version to make current again, e.g. {\"version\": 1}.");
        }

        if (!await catalog.TryRollbackAsync(name, number, cancellationToken))
        {
            var dataset = await catalog.GetAsync(name, cancellationToken);
            if (dataset is null) return Problems.UnknownDataset(name);
            if (dataset.Versions.FirstOrDefault(v => v.Version == number) is not { } target) return UnknownVersion(dataset, number);
            var instead = target.Status == VersionStatus.PendingReview
                ? $"approve it with POST /datasets/{dataset.Name}/versions/{number}/approve instead"
                : "a rejected version never becomes current";
            return Problems.VersionConflict(
                $"Version {number} of dataset '{dataset.Name}' is {VersionStatuses.ToWire(target.Status)}; only an accepted (current or previous) version can be made current again: {instead}.");
        }

        return TypedResults.Ok(DatasetResponse.From((await catalog.GetAsync(name, cancellationToken))!));
    }

    // The job that made a held version said review "pending"; it now says what was decided. Conditional on the job's
    // status, like every job write; the job is finished and the catalog made the decision exactly once, so one attempt
    // is enough.
    private static async Task RecordReviewAsync(IJobStore jobs, string jobId, string review, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(jobId, cancellationToken) is not { } job || job.Review == review) return;
        await jobs.TryUpdateAsync(job with { Review = review, UpdatedAt = time.GetUtcNow() }, job.Status, cancellationToken);
    }

    private static int? ParseVersion(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : null;

    private static ProblemHttpResult BadVersion(string text) =>
        Problems.BadRequest($"'{Problems.Quote(text)}' is not a version number; versions are numbered 1, 2, 3… (see GET /datasets/{{name}}).");

    private static ProblemHttpResult UnknownVersion(DatasetRecord dataset, int number) =>
        Problems.NotFound($"Dataset '{dataset.Name}' has no version {number}; it has {(dataset.Versions.Count == 0 ? "none" : $"versions 1 to {dataset.Versions.Max(v => v.Version)}")}. " +
            $"See them with GET /datasets/{dataset.Name}.");
}
