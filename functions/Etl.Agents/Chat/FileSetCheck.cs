using System.Text.Json;
using Etl.Core.Agents;

namespace Etl.Agents.Chat;

/// <summary>Files and decisions read from a <c>submit_files</c> input, laid over the files the step started from.</summary>
/// <param name="Files">The whole project after the submission.</param>
/// <param name="Submitted">The paths the model sent.</param>
/// <param name="Decisions">The model's decisions.</param>
public sealed record FileSubmission(ProjectFiles Files, IReadOnlyList<string> Submitted, IReadOnlyList<AgentDecision> Decisions);

/// <summary>
/// Reads a <c>submit_files</c> input and checks it beyond its schema: safe relative paths, no file the agents must not
/// write (<c>.agentic-etl.json</c>, a real <c>profiles.yml</c>), no empty model, and every column grounded in the
/// catalog (<see cref="ColumnGrounding"/>). Files with an unsafe path are dropped, never written.
/// </summary>
public static class FileSetCheck
{
    private sealed record Input(IReadOnlyList<InputFile> Files, IReadOnlyList<AgentDecision> Decisions);

    private sealed record InputFile(string Path, string Content);

    public static ToolCheck<FileSubmission> Check(JsonElement input, AgentSource source, ProjectPlan? plan, ProjectFiles start)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(start);
        var schemaErrors = ProjectTools.SchemaErrors(ProjectTools.SubmitFiles, input);
        if (schemaErrors.Count > 0) return new ToolCheck<FileSubmission>(null, schemaErrors);
        var read = input.Deserialize<Input>(PlanCheck.Json)!;

        var problems = new List<string>();
        var files = new Dictionary<string, string>(start.Files, StringComparer.Ordinal);
        var submitted = new List<string>();
        foreach (var file in read.Files)
        {
            if (ProjectFiles.PathProblem(file.Path) is { } pathProblem)
            {
                problems.Add($"{file.Path}: {pathProblem}; use a relative path such as models/staging/{source.Name}/stg_{source.Name}__<table>.sql");
                continue;
            }
            if (file.Path is ".agentic-etl.json" or "profiles.yml")
            {
                problems.Add($"{file.Path}: not written by agents (.agentic-etl.json is written on delivery; profiles go to profiles.example.yml)");
                continue;
            }
            if (submitted.Contains(file.Path))
            {
                problems.Add($"{file.Path}: sent twice");
                continue;
            }
            if (ColumnGrounding.IsModel(file.Path) && string.IsNullOrWhiteSpace(file.Content))
            {
                problems.Add($"{file.Path}: the model is empty");
            }
            submitted.Add(file.Path);
            files[file.Path] = file.Content;
        }
        if (submitted.Count == 0 && problems.Count == 0) problems.Add("no files were sent");

        var project = new ProjectFiles(files);
        foreach (var problem in ColumnGrounding.Check(source, plan, project))
        {
            problems.Add(problem.ToString());
        }
        return new ToolCheck<FileSubmission>(new FileSubmission(project, submitted, read.Decisions), problems);
    }
}
