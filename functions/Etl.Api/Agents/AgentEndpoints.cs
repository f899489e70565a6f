using System.Text;
using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Api.Trigger;
using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Etl.Api.Agents;

/// <summary>
/// POST /agent-invoke: starts an agent job (plan → generate → refine → validate → deliver) that writes a dbt project
/// over a source of the catalog. Everything that can be checked before the run is checked here, so a bad request is a
/// 4xx now, not a failed job later: the source exists and has data, the tables named exist, the previous run finished.
/// </summary>
public static class AgentEndpoints
{
    public const int MaxPromptLength = 4_000;

    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("agents");
        group.MapPost("/agent-invoke", HandleAsync)
            .WithName("AgentInvoke")
            .WithSummary("Ask the agents for a dbt project over a dataset (or a job's tables), validated on the data; poll the job, then download artifact=dbt|plan|log.")
            .Accepts<AgentInvokeRequest>("application/json");
        return group;
    }

    internal static async Task<Results<Accepted<AgentInvokeResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, IJobStore jobs, IBlobStore blobs, ICatalog catalog, IPipelineStarter pipeline, TimeProvider time,
        IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (options.Value.Agent is not { } agent)
        {
            return Problems.Unavailable("This server runs no agents. Start it with ETL_AGENT=offline (the default of etl serve) or ETL_AGENT=bedrock.");
        }

        var (body, problem) = await JsonBody.ReadAsync<AgentInvokeRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Prompt))
        {
            return Problems.BadRequest("prompt is required: say what the project should have, e.g. {\"prompt\": \"staging models and a daily revenue mart\", \"dataset\": \"shop\"}.");
        }

        if (body.Prompt.Length > MaxPromptLength)
        {
            return Problems.BadRequest($"prompt is {body.Prompt.Length} characters long; at most {MaxPromptLength} are accepted. Say what you want in fewer words.");
        }

        var (resolved, sourceProblem) = await ResolveAsync(body, jobs, blobs, catalog, cancellationToken);
        if (sourceProblem is not null)
        {
            return sourceProblem;
        }

        var (agentRequest, sourceName, tables) = resolved!.Value;
        var estimate = RunCostEstimate.Estimate(tables, options.Value.AgentPrices).CostUsd;
        var now = time.GetUtcNow();
        var job = AgentJobs.Create(JobIds.New(), agentRequest, sourceName, agent, estimate, now);
        await blobs.WriteAsync(job.InputS3Key, Encoding.UTF8.GetBytes(AgentJobs.RequestToJson(agentRequest)), cancellationToken);
        await jobs.CreateAsync(job, cancellationToken);
        try
        {
            await pipeline.StartAsync(job.JobId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = $"The agent pipeline could not be started: {e.Message} Ask again once the service is fixed.";
            await jobs.TryUpdateAsync(JobLifecycle.Fail(job, TriggerEndpoints.PipelineStartFailedErrorType, message, time.GetUtcNow()), JobStatus.Running, CancellationToken.None);
            return Problems.Unavailable($"Agent job {job.JobId} could not be started, and is FAILED with errorType {TriggerEndpoints.PipelineStartFailedErrorType}: {e.Message}");
        }

        return TypedResults.Accepted($"/job-status/{job.JobId}", new AgentInvokeResponse(job.JobId, job.Status.ToWire(), job.RunId!, agent, estimate,
            $"The {agent} agent is writing a dbt project over {sourceName}. Poll GET /job-status/{job.JobId}; when COMPLETED, GET /download/{job.JobId}?artifact=dbt (the project), plan or log."));
    }

    /// <summary>The request as the job keeps it (source pinned to a version), the source's name and its tables; or what is wrong.</summary>
    private static async Task<((AgentRequest Request, string SourceName, IReadOnlyList<TableSchema> Tables)? Resolved, ProblemHttpResult? Problem)> ResolveAsync(
        AgentInvokeRequest body, IJobStore jobs, IBlobStore blobs, ICatalog catalog, CancellationToken cancellationToken)
    {
        if (body.ExistingProjectLocation is not null && body.PreviousJobId is not null)
            return (null, Problems.BadRequest("give existingProjectLocation (an uploaded project zip) or previousJobId (a previous run), not both."));

        var dataset = body.Dataset ?? body.SourceDatabase;
        var named = (body.Dataset is null ? 0 : 1) + (body.SourceDatabase is null ? 0 : 1) + (body.JobId is null ? 0 : 1);
        if (named > 1)
            return (null, Problems.BadRequest("name one source: dataset, jobId, or sourceDatabase with sourceTables."));
        if (body.SourceTables is { Count: > 0 } && body.SourceDatabase is null && body.Dataset is null)
            return (null, Problems.BadRequest("sourceTables needs sourceDatabase (the dataset whose tables they are)."));
        if (body.TargetDatabase is { } target && DatasetNames.Problem(target) is { } targetProblem)
            return (null, Problems.BadRequest($"targetDatabase '{Problems.Quote(target)}' is not a valid name: {targetProblem}."));

        if (body.PreviousJobId is { } previousJobId)
        {
            var previousJob = JobIds.IsWellFormed(previousJobId) ? await jobs.GetAsync(previousJobId, cancellationToken) : null;
            if (previousJob is null) return (null, Problems.UnknownJob(previousJobId));
            if (previousJob is not { Type: JobTypes.Agent, Status: JobStatus.Completed, RunId: not null })
                return (null, Problems.Conflict($"previousJobId {previousJobId} is a {previousJob.Type} job that is {previousJob.Status.ToWire()}; pass the jobId of a COMPLETED agent job."));
            if (named == 0 && previousJob.Dataset is null)
                return (null, Problems.BadRequest($"the previous run {previousJobId} was not over a dataset; name the source again (dataset or jobId)."));
            dataset ??= previousJob.Dataset;
        }

        if (body.ExistingProjectLocation is { } location)
        {
            var upload = JobIds.IsWellFormed(location) ? await jobs.GetAsync(location, cancellationToken)
                : StorageKeys.UploadJobId(location) is { } uploadJobId ? await jobs.GetAsync(uploadJobId, cancellationToken) : null;
            if (upload is null)
                return (null, Problems.BadRequest($"existingProjectLocation '{Problems.Quote(location)}' is neither the jobId of an upload nor its uploads/… key; upload the project zip with POST /upload and pass its jobId."));
            if (upload.InputFormat != "zip")
                return (null, Problems.BadRequest($"existingProjectLocation {upload.JobId} is a {upload.InputFormat} upload, not a dbt project zip; upload the project folder as a .zip."));
            if (await blobs.GetInfoAsync(upload.InputS3Key, cancellationToken) is null)
                return (null, Problems.Conflict($"the project zip of upload {upload.JobId} has not been uploaded yet; PUT its bytes to the uploadUrl, then ask again."));
        }

        if (dataset is not null)
        {
            if (DatasetNames.Problem(dataset) is not null) return (null, Problems.UnknownDataset(dataset));
            var record = await catalog.GetAsync(dataset, cancellationToken);
            if (record is null) return (null, Problems.UnknownDataset(dataset));
            if (record.CurrentVersion is not { } current)
                return (null, Problems.VersionConflict($"dataset '{dataset}' has no current version (every version is pending review or rejected); approve one, then ask again."));
            var version = await catalog.GetVersionAsync(dataset, current, cancellationToken);
            if (version is null) return (null, Problems.UnknownDataset(dataset));
            IReadOnlyList<TableSchema> tables = version.Tables.Tables;
            if (body.SourceTables is { Count: > 0 } wanted)
            {
                var missing = wanted.Where(t => version.Tables.Table(t) is null).ToList();
                if (missing.Count > 0)
                    return (null, Problems.BadRequest($"dataset '{dataset}' has no table {string.Join(", ", missing.Select(m => $"'{Problems.Quote(m)}'"))}; its tables are {string.Join(", ", tables.Select(t => t.Name))}."));
                tables = [.. tables.Where(t => wanted.Contains(t.Name))];
            }
            var request = new AgentRequest(body.Prompt!, body.SourceDatabase is null ? dataset : null, current, null,
                body.SourceDatabase, body.SourceTables, body.TargetDatabase, body.NewProject ?? false, body.ExistingProjectLocation, body.PreviousJobId);
            return ((request, dataset, tables), null);
        }

        if (body.JobId is { } sourceJobId)
        {
            var source = JobIds.IsWellFormed(sourceJobId) ? await jobs.GetAsync(sourceJobId, cancellationToken) : null;
            if (source is null) return (null, Problems.UnknownJob(sourceJobId));
            if (source is not { Type: JobTypes.Convert, Status: JobStatus.Completed })
                return (null, Problems.Conflict($"job {sourceJobId} is a {source.Type} job that is {source.Status.ToWire()}; the agents work over the tables of a COMPLETED convert job."));
            var request = new AgentRequest(body.Prompt!, null, null, sourceJobId, null, null, body.TargetDatabase, body.NewProject ?? false,
                body.ExistingProjectLocation, body.PreviousJobId);
            var name = source.Dataset ?? DatasetNames.Suggest(Path.GetFileNameWithoutExtension(source.FileName));
            return ((request, name, []), null);
        }

        return (null, Problems.BadRequest("name a source: {\"dataset\": \"name\"} (GET /datasets lists them), {\"jobId\": \"…\"} (a completed convert job), or sourceDatabase with sourceTables."));
    }
}
