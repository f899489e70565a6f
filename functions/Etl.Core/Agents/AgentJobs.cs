using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Etl.Core.Jobs;

namespace Etl.Core.Agents;

/// <summary>
/// How an agent job starts: its record (type <c>agent</c>, RUNNING from the start — there is nothing to upload — with
/// its run id, prompt, agent and cost estimate) and its request as <c>runs/{runId}/request.json</c>, which every agent
/// stage reads.
/// </summary>
public static class AgentJobs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CoreDocumentsJson.Default,
    };

    private static readonly JsonTypeInfo<AgentRequest> RequestJson = (JsonTypeInfo<AgentRequest>)Json.GetTypeInfo(typeof(AgentRequest));

    /// <summary>The output format an agent job records: its output is the dbt project zip.</summary>
    public const string OutputFormat = "dbt";

    /// <summary>The new job: RUNNING, its input the request document.</summary>
    /// <param name="sourceName">What the project is over (the dataset), for the file name people see.</param>
    public static JobRecord Create(string jobId, AgentRequest request, string sourceName, string agent, decimal costEstimateUsd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runId = AgentRuns.RunId(jobId, now);
        return new JobRecord
        {
            JobId = jobId,
            Type = JobTypes.Agent,
            FileName = sourceName + "_dbt_project.zip",
            Status = JobStatus.Running,
            OutputFormat = OutputFormat,
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = now,
            InputS3Key = Storage.StorageKeys.RunFile(runId, AgentRuns.Request),
            InputFormat = "json",
            Dataset = request.Dataset ?? request.SourceDatabase,
            DatasetVersion = request.DatasetVersion,
            Prompt = request.Prompt,
            RunId = runId,
            Agent = agent,
            Tokens = 0,
            CostUsd = 0,
            CostEstimateUsd = costEstimateUsd,
        };
    }

    public static string RequestToJson(AgentRequest request) => JsonSerializer.Serialize(request, RequestJson);

    public static AgentRequest ParseRequest(string json) =>
        JsonSerializer.Deserialize(json, RequestJson) ?? throw new FormatException("request.json holds null.");
}
