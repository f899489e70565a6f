namespace Etl.Agents.Validation.Rendering;

/// <summary>A <c>source('Source', 'Table')</c> call.</summary>
public sealed record SourceReference(string Source, string Table);
