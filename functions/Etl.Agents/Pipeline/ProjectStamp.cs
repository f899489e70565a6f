using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Agents.Pipeline;

/// <summary>
/// <c>.agentic-etl.json</c> at a delivered project's root: which run made it, so an uploaded copy of the project can
/// be merged against exactly what that run delivered (the base of the three-way merge), and whether it validated.
/// </summary>
public static class ProjectStamp
{
    public const string FileName = ".agentic-etl.json";

    public static string Write(string jobId, string runId, string agent, bool validated, int failures) =>
        new JsonObject
        {
            ["generator"] = "agentic-etl",
            ["jobId"] = jobId,
            ["runId"] = runId,
            ["agent"] = agent,
            ["validation"] = validated ? "passed" : $"failing: {failures} problem(s); see the run log (GET /download/{jobId}?artifact=log)",
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>The run id a stamp names, or null when the text is not a stamp.</summary>
    public static string? RunIdOf(string? text)
    {
        if (text is null) return null;
        try
        {
            return JsonNode.Parse(text)?["runId"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
