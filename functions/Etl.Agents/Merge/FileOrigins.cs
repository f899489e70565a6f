namespace Etl.Agents.Merge;

/// <summary>Where a merged file's content came from (run.json's <c>files[].origin</c>).</summary>
public static class FileOrigins
{
    /// <summary>The generator's content as generated now (new, regenerated, or the same on both sides).</summary>
    public const string Generated = "generated";

    /// <summary>A generated file the person edited, kept as they have it (the generator did not change it, or both changed it and theirs wins).</summary>
    public const string Kept = "kept";

    /// <summary>Both the person's edits and the generator's changes, merged.</summary>
    public const string Merged = "merged";

    /// <summary>A file the person wrote (the generator never wrote it), untouched.</summary>
    public const string Human = "human";
}
