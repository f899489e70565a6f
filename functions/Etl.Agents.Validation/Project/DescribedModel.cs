namespace Etl.Agents.Validation.Project;

/// <summary>A model as a properties YAML describes it.</summary>
internal sealed record DescribedModel(string Name, string DefinedIn, int? Line, string? Materialized, IReadOnlyList<DescribedColumn> Columns);

/// <summary>A source table as a sources YAML declares it.</summary>
internal sealed record DescribedSourceTable(string Source, string Table, string DefinedIn, int? Line, IReadOnlyList<DescribedColumn> Columns);

/// <summary>A column a properties YAML describes, with its line.</summary>
internal sealed record DescribedColumn(string Name, int? Line);
