namespace Etl.Agents.Validation.Rendering;

/// <summary>What one render of a model sees (dbt's context, reduced to what generated models use) and what it collects.</summary>
internal sealed class RenderScope(string targetSchema, string modelName, bool isIncremental, IReadOnlyDictionary<string, object?> vars)
{
    public string TargetSchema { get; } = targetSchema;

    public string ModelName { get; } = modelName;

    public bool IsIncremental { get; } = isIncremental;

    public IReadOnlyDictionary<string, object?> Vars { get; } = vars;

    public Dictionary<string, object?> Config { get; } = new(StringComparer.Ordinal);

    public List<string> Refs { get; } = [];

    public List<SourceReference> Sources { get; } = [];

    public Relation This => new(TargetSchema, ModelName);
}
