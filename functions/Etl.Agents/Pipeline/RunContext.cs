using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline;

/// <summary>
/// Rebuilds an agent job's <see cref="AgentContext"/> from its run files and the runs it builds on, the same way in
/// every stage: the request, the resolved source, the prompts of the project so far, and the project being updated
/// with its merge base.
/// </summary>
public sealed class RunContext(IBlobStore blobs, IJobStore jobs)
{
    /// <summary>The run files of <paramref name="job"/>; an agent job always has a run id.</summary>
    public AgentRunFiles FilesOf(JobRecord job) =>
        new(blobs, job.RunId ?? throw new StageFailedException(new StageError(StageErrorTypes.Internal,
            $"Agent job {job.JobId} has no runId; it was not created by POST /agent-invoke. Ask the agents again.")));

    public async Task<AgentContext> LoadAsync(JobRecord job, CancellationToken cancellationToken) =>
        (await LoadUpdateAsync(job, cancellationToken)).Context;

    /// <summary>
    /// The context, and for an update where the existing project came from (<c>From</c>) and the source it was written
    /// for (<c>PreviousSource</c>): read once, for the stage that merges.
    /// </summary>
    public async Task<(AgentContext Context, string? From, AgentSource? PreviousSource)> LoadUpdateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var run = FilesOf(job);
        var request = await run.RequestAsync(cancellationToken);
        var source = await run.SourceAsync(cancellationToken);
        var (prompts, previousPlan) = await HistoryAsync(request, cancellationToken);
        var (existing, projectBase, from, previousSource) = await ExistingAsync(request, cancellationToken);
        return (new AgentContext(request, source, prompts, existing, projectBase, previousPlan), from, previousSource);
    }

    /// <summary>The prompts of the runs this one iterates on, oldest first, then this run's prompt.</summary>
    public async Task<(IReadOnlyList<string> Prompts, ProjectPlan? Plan)> HistoryAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        if (request.PreviousJobId is not { } previousJobId || request.NewProject) return ([request.Prompt], null);
        var previous = await PreviousRunAsync(previousJobId, cancellationToken);
        var planning = await previous.ReadAsync<PlanningDocument>(AgentRuns.Planning, cancellationToken);
        return ([.. planning.Prompts, request.Prompt], planning.Plan);
    }

    /// <summary>
    /// The project an update starts from (<c>Existing</c>, as the person has it), what the agents delivered for it last
    /// time (<c>Base</c>) and the source it was written for (<c>PreviousSource</c>); null for a new project (and the
    /// last two when the project's run is unknown). <c>From</c> names where the project came from.
    /// </summary>
    public async Task<(ProjectFiles? Existing, ProjectFiles? Base, string? From, AgentSource? PreviousSource)> ExistingAsync(AgentRequest request,
        CancellationToken cancellationToken)
    {
        if (request.NewProject) return (null, null, null, null);
        if (request.ExistingProjectLocation is { } location)
        {
            var key = await ProjectKeyAsync(location, cancellationToken);
            ProjectFiles human;
            await using (var zip = await blobs.OpenReadAsync(key, cancellationToken))
            await using (var seekable = new MemoryStream())
            {
                await zip.CopyToAsync(seekable, cancellationToken);
                seekable.Position = 0;
                try
                {
                    human = ProjectZip.Read(seekable).Files;
                }
                catch (InvalidDataException e)
                {
                    throw new StageFailedException(new StageError(ProjectZip.ErrorType,
                        $"The existing project at {location} cannot be used: {e.Message}. Upload the project again as a zip of its folder."));
                }
            }

            ProjectFiles? projectBase = null;
            AgentSource? previousSource = null;
            if (ProjectStamp.RunIdOf(human[ProjectStamp.FileName]) is { } runId && StorageKeys.SegmentProblem(runId) is null)
            {
                var made = new AgentRunFiles(blobs, runId);
                var delivered = await made.TryReadAsync<ValidationDocument>(AgentRuns.Validation, cancellationToken);
                if (delivered is not null) projectBase = AgentRunFiles.ToProject(delivered.Files);
                previousSource = (await made.TryReadAsync<SourceDocument>(AgentRunFiles.SourceFile, cancellationToken))?.ToSource();
            }
            return (human.Without(ProjectStamp.FileName), projectBase, "upload:" + key, previousSource);
        }

        if (request.PreviousJobId is { } previousJobId)
        {
            var previous = await PreviousRunAsync(previousJobId, cancellationToken);
            var delivered = AgentRunFiles.ToProject((await previous.ReadAsync<ValidationDocument>(AgentRuns.Validation, cancellationToken)).Files);
            return (delivered, delivered, "previousJobId:" + previousJobId, await previous.SourceAsync(cancellationToken));
        }

        return (null, null, null, null);
    }

    private async Task<string> ProjectKeyAsync(string location, CancellationToken cancellationToken)
    {
        // An upload's job id stands for its file.
        if (JobIds.IsWellFormed(location) && await jobs.GetAsync(location, cancellationToken) is { InputFormat: "zip" } upload) return upload.InputS3Key;
        if (StorageKeys.UploadJobId(location) is not null && IsKey(location) && await blobs.GetInfoAsync(location, cancellationToken) is not null) return location;
        throw new StageFailedException(new StageError(ProjectZip.ErrorType,
            $"existingProjectLocation '{location}' names no uploaded file; upload the project zip with POST /upload and pass its jobId."));
    }

    private static bool IsKey(string location)
    {
        try
        {
            StorageKeys.Validate(location);
            return true;
        }
        catch (InvalidStorageKeyException)
        {
            return false;
        }
    }

    private async Task<AgentRunFiles> PreviousRunAsync(string previousJobId, CancellationToken cancellationToken)
    {
        var previous = await jobs.GetAsync(previousJobId, cancellationToken);
        if (previous is not { Type: JobTypes.Agent, Status: JobStatus.Completed, RunId: { } runId })
            throw new StageFailedException(new StageError(SourceResolver.ErrorType,
                $"previousJobId {previousJobId} is not a completed agent job; pass the jobId of a finished POST /agent-invoke."));
        return new AgentRunFiles(blobs, runId);
    }
}
