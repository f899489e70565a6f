namespace Etl.Agents.Validation.Rendering;

/// <summary>What a model's <c>{{ config(...) }}</c> set (null where it did not).</summary>
/// <param name="Materialized">view, table, incremental, ephemeral (or whatever the model wrote).</param>
/// <param name="UniqueKey">The incremental model's unique key columns; empty when none.</param>
/// <param name="OnSchemaChange">ignore, fail, append_new_columns, sync_all_columns.</param>
/// <param name="IncrementalStrategy">append, delete+insert, merge, ...</param>
public sealed record ModelConfig(string? Materialized, IReadOnlyList<string> UniqueKey, string? OnSchemaChange, string? IncrementalStrategy)
{
    public static ModelConfig None { get; } = new(null, [], null, null);
}
