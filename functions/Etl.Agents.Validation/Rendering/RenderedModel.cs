namespace Etl.Agents.Validation.Rendering;

/// <summary>
/// One render of a model file: the SQL, what the Jinja referenced and configured, and what it could not evaluate.
/// <see cref="Error"/> is set when the template itself is broken (an unclosed tag, <c>if</c> without <c>endif</c>).
/// </summary>
public sealed class RenderedModel
{
    private readonly IReadOnlyList<int> _lineSources;

    internal RenderedModel(string sql, IReadOnlyList<int> lineSources, ModelConfig config, IReadOnlyList<string> refs,
        IReadOnlyList<SourceReference> sources, IReadOnlyList<string> notValidated, IReadOnlyList<int> notValidatedLines, string? error, int? errorLine)
    {
        Sql = sql;
        _lineSources = lineSources;
        Config = config;
        Refs = refs;
        Sources = sources;
        NotValidated = notValidated;
        NotValidatedLines = notValidatedLines;
        Error = error;
        ErrorLine = errorLine;
    }

    /// <summary>The rendered SQL, as Jinja prints it (newlines as <c>\n</c>, one trailing newline dropped).</summary>
    public string Sql { get; }

    public ModelConfig Config { get; }

    /// <summary>Every <c>ref()</c>'d model, in order of appearance (repeats kept).</summary>
    public IReadOnlyList<string> Refs { get; }

    public IReadOnlyList<SourceReference> Sources { get; }

    /// <summary>Jinja the renderer did not evaluate, each with its template line ("line 4: the macro dbt_utils.star()").</summary>
    public IReadOnlyList<string> NotValidated { get; }

    internal IReadOnlyList<int> NotValidatedLines { get; }

    public string? Error { get; }

    public int? ErrorLine { get; }

    /// <summary>True when the SQL is exactly what dbt would compile: no error, nothing left unevaluated.</summary>
    public bool Complete => Error is null && NotValidated.Count == 0;

    /// <summary>The model-file line (1-based) that rendered line <paramref name="renderedLine"/> (1-based) came from, or null.</summary>
    public int? TemplateLineOf(int renderedLine) =>
        renderedLine >= 1 && renderedLine <= _lineSources.Count ? _lineSources[renderedLine - 1] : null;
}
