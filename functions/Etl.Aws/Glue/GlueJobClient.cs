using System.Text.Json.Nodes;
using Etl.Aws.Json;

namespace Etl.Aws.Glue;

/// <summary>
/// Starts the Glue job (ETL_GLUE_JOB) that converts an input too big for a Lambda: StartJobRun with the job id and the
/// input's key as job arguments. Returns the run id.
/// </summary>
public sealed class GlueJobClient(AwsJsonClient client, string jobName)
{
    public async Task<string> StartJobRunAsync(string jobId, string inputKey, IReadOnlyDictionary<string, string>? arguments = null, CancellationToken cancellationToken = default)
    {
        var jobArguments = new JsonObject { ["--job-id"] = jobId, ["--input-key"] = inputKey };
        foreach (var (name, value) in arguments ?? new Dictionary<string, string>())
        {
            jobArguments[name.StartsWith("--", StringComparison.Ordinal) ? name : "--" + name] = value;
        }

        var answer = await client.CallAsync("StartJobRun", new JsonObject { ["JobName"] = jobName, ["Arguments"] = jobArguments }, cancellationToken);
        return answer["JobRunId"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Glue StartJobRun for the job '{jobName}' answered without a JobRunId.");
    }
}
