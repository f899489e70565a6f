namespace Etl.Agents.Validation.Project;

/// <summary>A model's .sql file: its name (the file name), its project path, its folders under the model path, its text.</summary>
internal sealed record ModelFile(string Name, string Path, IReadOnlyList<string> Folders, string Text)
{
    /// <summary>dbt's layering by folder (jaffle-shop): models/staging/... are staging models.</summary>
    public bool IsStaging => Folders.Count > 0 && Folders[0] == "staging";
}
