using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Etl.Aws.Jobs;

namespace Etl.Infra.Compute;

/// <summary>The resources the roles' statements name.</summary>
public sealed record PolicyTargets(IBucket Input, IBucket Output, IBucket Artifacts, ITable Jobs, string CatalogDatabase);

/// <summary>
/// What each role of <c>bootstrap</c> may do, as explicit statements with named actions and resources. The CDK's grant
/// helpers are not used: they add actions no role here needs (s3:DeleteObject*, s3:GetBucket*, dynamodb:BatchWriteItem, …).
/// Keys are scoped to the storage layout's prefixes: uploads/ in the input bucket, output/ in the output bucket, runs/ in
/// the artifacts bucket. DynamoDB: the job store reads with GetItem, writes (every status change, conditionally) with
/// PutItem, and lists with Query on the two indexes. s3:ListBucket is granted where a missing key must read as missing:
/// without it S3 answers HeadObject of a missing key with 403, which the adapter can only report as a failure.
/// </summary>
public static class RolePolicies
{
    public const string Uploads = "uploads/*";
    public const string Outputs = "output/*";
    public const string Runs = "runs/*";

    /// <summary>The dataset versions' documents (tables.json, changes.json) in the artifacts bucket.</summary>
    public const string CatalogDocuments = "catalog/*";

    /// <summary>POST /upload: creates the job, stores a multipart upload (deleting it again if the job cannot be created), signs the PUT URL of a large one.</summary>
    public static IReadOnlyList<PolicyStatement> Upload(PolicyTargets t) =>
    [
        Jobs("JobsCreate", t, "dynamodb:PutItem"),
        Objects("UploadsWrite", [t.Input.ArnForObjects(Uploads)], "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"),
    ];

    /// <summary>POST /trigger-job (and the s3-event role, which triggers through the same endpoint): seals the upload, moves the job to RUNNING, starts the convert pipeline.</summary>
    public static IReadOnlyList<PolicyStatement> Trigger(PolicyTargets t, string convertMachineArn) =>
    [
        Jobs("JobsReadWrite", t, "dynamodb:GetItem", "dynamodb:PutItem"),
        Objects("UploadsRead", [t.Input.ArnForObjects(Uploads)], "s3:GetObject"),
        Objects("UploadsKnow", [t.Input.BucketArn], "s3:ListBucket"),
        Start("PipelineStart", convertMachineArn),
    ];

    /// <summary>GET /job-status/{jobId} and GET /jobs.</summary>
    public static IReadOnlyList<PolicyStatement> Status(PolicyTargets t) =>
    [
        Jobs("JobsRead", t, "dynamodb:GetItem"),
        new PolicyStatement(new PolicyStatementProps
        {
            Sid = "JobsList",
            Actions = ["dynamodb:Query"],
            Resources = [IndexArn(t, JobsTable.StatusIndex), IndexArn(t, JobsTable.ListingIndex)],
        }),
    ];

    /// <summary>GET /download/{jobId}: checks the artifact exists and signs its GET URL (the URL acts with this role's rights).</summary>
    public static IReadOnlyList<PolicyStatement> Download(PolicyTargets t) =>
    [
        Jobs("JobsRead", t, "dynamodb:GetItem"),
        Objects("ResultsRead", [t.Output.ArnForObjects(Outputs), t.Artifacts.ArnForObjects(Runs)], "s3:GetObject"),
        Objects("ResultsKnow", [t.Output.BucketArn, t.Artifacts.BucketArn], "s3:ListBucket"),
    ];

    /// <summary>POST /agent-invoke: checks the source, writes the run's request.json, creates the RUNNING agent job and starts the agent pipeline.</summary>
    public static IReadOnlyList<PolicyStatement> Agent(PolicyTargets t, string agentMachineArn) =>
    [
        Jobs("JobsReadWrite", t, "dynamodb:GetItem", "dynamodb:PutItem"),
        Objects("UploadsRead", [t.Input.ArnForObjects(Uploads)], "s3:GetObject"),
        Objects("UploadsKnow", [t.Input.BucketArn], "s3:ListBucket"),
        Objects("RunsWrite", [t.Artifacts.ArnForObjects(Runs)], "s3:PutObject", "s3:AbortMultipartUpload"),
        Objects("CatalogDocumentsRead", [t.Artifacts.ArnForObjects(CatalogDocuments)], "s3:GetObject"),
        Start("AgentPipelineStart", agentMachineArn),
    ];

    /// <summary>
    /// /datasets…: the catalog (one item per dataset in the jobs table, written conditionally with UpdateItem; the listing
    /// with BatchGetItem; version documents under catalog/ in the artifacts bucket; the current version published to the
    /// Glue Data Catalog on approve and rollback) and, on approve/reject, the held job's record.
    /// </summary>
    public static IReadOnlyList<PolicyStatement> Datasets(PolicyTargets t) =>
    [
        Jobs("JobsReadWrite", t, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchGetItem"),
        Objects("CatalogDocumentsRead", [t.Artifacts.ArnForObjects(CatalogDocuments)], "s3:GetObject"),
        GlueCatalog(t),
    ];

    /// <summary>
    /// The stages of both pipelines and their complete/fail actions: reads the upload, writes and re-reads outputs and
    /// artifacts, deletes a failed stage's partial tables, records every status change; calls Bedrock when the agent is bedrock.
    /// </summary>
    public static IReadOnlyList<PolicyStatement> Worker(PolicyTargets t, string? bedrockModelId) =>
    [
        Jobs("JobsReadWrite", t, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
        Objects("ObjectsRead", [t.Input.ArnForObjects(Uploads), t.Output.ArnForObjects(Outputs), t.Artifacts.ArnForObjects(Runs), t.Artifacts.ArnForObjects(CatalogDocuments)], "s3:GetObject"),
        Objects("ObjectsKnow", [t.Input.BucketArn, t.Output.BucketArn, t.Artifacts.BucketArn], "s3:ListBucket"),
        Objects("ResultsWrite", [t.Output.ArnForObjects(Outputs), t.Artifacts.ArnForObjects(Runs)], "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"),
        Objects("CatalogDocumentsWrite", [t.Artifacts.ArnForObjects(CatalogDocuments)], "s3:PutObject"),
        GlueCatalog(t),
        .. bedrockModelId is null ? Array.Empty<PolicyStatement>() : [InvokeModel(bedrockModelId)],
    ];

    /// <summary>
    /// bedrock:InvokeModel on the model the agent is configured with. An inference profile (global., us., eu., …) needs
    /// the profile in this region and its foundation model in every region the profile routes to (bedrock:*::); a global
    /// profile also the region-less foundation-model ARN (bedrock:::). Plain model ids: the model in this region.
    /// </summary>
    public static PolicyStatement InvokeModel(string modelId)
    {
        string[] profilePrefixes = ["global.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "us-gov."];
        var prefix = profilePrefixes.FirstOrDefault(p => modelId.StartsWith(p, StringComparison.Ordinal));
        string[] resources = prefix is null
            ? [$"arn:{Amazon.CDK.Aws.PARTITION}:bedrock:{Amazon.CDK.Aws.REGION}::foundation-model/{modelId}"]
            :
            [
                $"arn:{Amazon.CDK.Aws.PARTITION}:bedrock:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:inference-profile/{modelId}",
                $"arn:{Amazon.CDK.Aws.PARTITION}:bedrock:*::foundation-model/{modelId[prefix.Length..]}",
                .. prefix == "global." ? [$"arn:{Amazon.CDK.Aws.PARTITION}:bedrock:::foundation-model/{modelId[prefix.Length..]}"] : Array.Empty<string>(),
            ];
        return new PolicyStatement(new PolicyStatementProps { Sid = "ModelInvoke", Actions = ["bedrock:InvokeModel"], Resources = resources });
    }

    /// <summary>The dataset tables in the Glue Data Catalog: Glue authorizes a table call on the catalog, the database and the table.</summary>
    private static PolicyStatement GlueCatalog(PolicyTargets t)
    {
        var glue = $"arn:{Amazon.CDK.Aws.PARTITION}:glue:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}";
        return new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CatalogTables",
            Actions = ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"],
            Resources = [$"{glue}:catalog", $"{glue}:database/{t.CatalogDatabase}", $"{glue}:table/{t.CatalogDatabase}/*"],
        });
    }

    private static PolicyStatement Jobs(string sid, PolicyTargets t, params string[] actions) =>
        new(new PolicyStatementProps { Sid = sid, Actions = actions, Resources = [t.Jobs.TableArn] });

    private static PolicyStatement Objects(string sid, string[] resources, params string[] actions) =>
        new(new PolicyStatementProps { Sid = sid, Actions = actions, Resources = resources });

    private static PolicyStatement Start(string sid, string machineArn) =>
        new(new PolicyStatementProps { Sid = sid, Actions = ["states:StartExecution"], Resources = [machineArn] });

    private static string IndexArn(PolicyTargets t, string index) => $"{t.Jobs.TableArn}/index/{index}";
}
