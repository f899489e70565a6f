using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Chat;

/// <summary>
/// The two tools the model must answer with (tool use as structured output): <c>submit_plan</c>, whose input is a
/// <see cref="Etl.Core.Agents.ProjectPlan"/>, and <c>submit_files</c>, whose input is files plus decisions. The same
/// JSON schema is sent to the model and checked on what comes back.
/// </summary>
public static class ProjectTools
{
    public const string SubmitPlan = "submit_plan";
    public const string SubmitFiles = "submit_files";

    private static JsonObject Decision() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("action", "confidence", "reasoning"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "What was decided, in a few words." },
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["reasoning"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Why, naming the evidence (a key, a column, a word of the prompt, an error)." },
        },
    };

    private static JsonObject Name() => new() { ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9_]*$" };

    private static JsonObject Strings() => new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };

    /// <summary>The input schema of <c>submit_plan</c>: the ProjectPlan shape, camelCase.</summary>
    public static JsonElement PlanSchema { get; } = JsonSerializer.SerializeToElement(new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("projectName", "sourceName", "models", "decisions"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["projectName"] = Name(),
            ["sourceName"] = Name(),
            ["models"] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("name", "layer", "materialization", "inputs", "description", "decision"),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["name"] = Name(),
                        ["layer"] = new JsonObject { ["enum"] = new JsonArray("staging", "intermediate", "marts") },
                        ["materialization"] = new JsonObject { ["enum"] = new JsonArray("view", "table", "incremental") },
                        ["inputs"] = new JsonObject
                        {
                            ["type"] = "array",
                            ["minItems"] = 1,
                            ["items"] = new JsonObject { ["type"] = "string" },
                            ["description"] = "Source tables as source:table, models by name.",
                        },
                        ["description"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                        ["decision"] = Decision(),
                        ["uniqueKey"] = Strings(),
                        ["columns"] = new JsonObject
                        {
                            ["type"] = "array",
                            ["items"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["required"] = new JsonArray("name", "source", "kind", "confidence", "reasoning"),
                                ["additionalProperties"] = false,
                                ["properties"] = new JsonObject
                                {
                                    ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                                    ["source"] = new JsonObject { ["type"] = "string", ["description"] = "Input column(s), comma-separated." },
                                    ["kind"] = new JsonObject { ["enum"] = new JsonArray("direct", "transformed", "derived") },
                                    ["expression"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                                    ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
                                    ["reasoning"] = new JsonObject { ["type"] = "string" },
                                },
                            },
                        },
                    },
                },
            },
            ["decisions"] = new JsonObject { ["type"] = "array", ["items"] = Decision() },
        },
    });

    /// <summary>The input schema of <c>submit_files</c>: <c>{files: [{path, content}], decisions: [{action, confidence, reasoning}]}</c>.</summary>
    public static JsonElement FilesSchema { get; } = JsonSerializer.SerializeToElement(new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("files", "decisions"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("path", "content"),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["path"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Relative to the project root, '/' separators." },
                        ["content"] = new JsonObject { ["type"] = "string" },
                    },
                },
            },
            ["decisions"] = new JsonObject { ["type"] = "array", ["items"] = Decision() },
        },
    });

    public static AIFunctionDeclaration PlanTool { get; } = AIFunctionFactory.CreateDeclaration(SubmitPlan,
        "Submit the dbt project plan: every model with its layer, materialization, inputs, description and the decision behind it.",
        PlanSchema);

    public static AIFunctionDeclaration FilesTool { get; } = AIFunctionFactory.CreateDeclaration(SubmitFiles,
        "Submit dbt project files, each whole, with the decisions made while writing them.",
        FilesSchema);

    private static readonly Json.Schema.JsonSchema PlanValidator = Json.Schema.JsonSchema.Build(PlanSchema, new Json.Schema.BuildOptions(), new Uri("https://agentic-etl.invalid/tools/submit_plan.json"));
    private static readonly Json.Schema.JsonSchema FilesValidator = Json.Schema.JsonSchema.Build(FilesSchema, new Json.Schema.BuildOptions(), new Uri("https://agentic-etl.invalid/tools/submit_files.json"));

    /// <summary>Where <paramref name="input"/> breaks the tool's schema, one line per error; empty when it conforms.</summary>
    public static IReadOnlyList<string> SchemaErrors(string tool, JsonElement input)
    {
        var schema = tool == SubmitPlan ? PlanValidator : FilesValidator;
        var result = schema.Evaluate(input, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        if (result.IsValid) return [];
        var errors = new List<string>();
        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is null) continue;
            foreach (var (_, message) in detail.Errors)
            {
                var at = detail.InstanceLocation.ToString();
                errors.Add($"{(at.Length == 0 ? "(root)" : at)}: {message}");
            }
        }
        if (errors.Count == 0) errors.Add("the input does not match the tool's schema");
        return errors.Distinct(StringComparer.Ordinal).ToList();
    }
}
