namespace Etl.Lambda.Roles;

/// <summary>The values of ETL_HANDLER: which part of the product one deployed function serves.</summary>
public static class HandlerRoles
{
    /// <summary>The environment variable that names a function's role (set by the CDK app, read at start).</summary>
    public const string Setting = "ETL_HANDLER";

    public const string Api = "api";
    public const string Upload = "upload";
    public const string Trigger = "trigger";
    public const string Status = "status";
    public const string Download = "download";
    public const string Agent = "agent";
    public const string Datasets = "datasets";
    public const string Worker = "worker";
    public const string S3Event = "s3-event";

    public static IReadOnlyList<string> All { get; } = [Api, Upload, Trigger, Status, Download, Agent, Datasets, Worker, S3Event];

    /// <summary>Roles that answer API Gateway events through the HTTP endpoints.</summary>
    public static bool ServesHttp(string role) => RoleEndpoints.ByRole.ContainsKey(role);
}
