using Etl.Agents.Validation.Project;
using Etl.Agents.Validation.Rendering;

namespace Etl.Agents.Validation.Execution;

/// <summary>A model after the build: its full-refresh render, materialization, and whether (and how) it ran.</summary>
internal sealed class BuiltModel(ModelFile file, RenderedModel render, string materialization)
{
    public ModelFile File { get; } = file;

    public RenderedModel Render { get; } = render;

    public string Materialization { get; } = materialization;

    /// <summary>Distinct refs, in order of appearance.</summary>
    public IReadOnlyList<string> Upstream { get; } = [.. render.Refs.Distinct(StringComparer.Ordinal)];

    public bool Ran { get; set; }

    public bool? IncrementalRan { get; set; }

    public long? Rows { get; set; }

    public string? Error { get; set; }

    public int? ErrorLine { get; set; }

    public string? NotRunReason { get; set; }

    /// <summary>True when the model exists in DuckDB after the build, so tests and downstream models can use it.</summary>
    public bool Built => Ran && Error is null;
}
