namespace Etl.Core.Pipeline;

/// <summary>Names of the pipeline stages, as the job record's <c>stage</c> field and the state machines show them.</summary>
public static class StageNames
{
    // Convert jobs.
    public const string Validate = "validate";
    public const string Convert = "convert";
    public const string Profile = "profile";
    public const string Catalog = "catalog";

    // Agent jobs (which validate too).
    public const string Plan = "plan";
    public const string Generate = "generate";
    public const string Refine = "refine";
    public const string Deliver = "deliver";
}
