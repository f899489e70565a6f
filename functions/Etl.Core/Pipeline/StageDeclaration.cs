namespace Etl.Core.Pipeline;

/// <summary>One stage of the pipeline as declared: its name, what it does (for people and the state machine's comments), its retry policy.</summary>
public sealed record StageDeclaration(string Name, string Description, RetryPolicy Retry);
