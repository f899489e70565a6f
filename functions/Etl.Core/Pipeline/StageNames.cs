namespace Etl.Core.Pipeline;

/// <summary>Names of the pipeline stages, as the job record's <c>stage</c> field and the state machine show them.</summary>
public static class StageNames
{
    public const string Validate = "validate";
    public const string Convert = "convert";
    public const string Profile = "profile";
    public const string Catalog = "catalog";
}
