using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;

namespace Etl.Infra.Compute;

/// <summary>The Glue job of the convert stage for large inputs.</summary>
/// <param name="JobName">The Glue job's name (ETL_GLUE_JOB).</param>
/// <param name="ScriptPath">glue-jobs/convert_job.py, uploaded as an asset.</param>
public sealed record GlueConvertJobProps(
    string JobName, string ScriptPath, IBucket Input, IBucket Output, ITable Jobs, RetentionDays LogRetention);

/// <summary>
/// The PySpark convert job (Glue 5.0, glueetl) with its own role: the script asset, the upload it converts, the outputs
/// and artifacts it writes, the job record it updates, and its own log group (continuous logging into a group with
/// retention) plus Glue's standard /aws-glue/jobs/* groups for the driver's output and errors.
/// </summary>
public sealed class GlueConvertJob : Construct
{
    public const string GlueVersion = "5.0";

    /// <summary>Where a run stages its parts in the output bucket (the storage stack expires what a killed run leaves).</summary>
    public const string GlueTemporaryPrefix = "_tmp/";

    public GlueConvertJob(Construct scope, string id, GlueConvertJobProps props) : base(scope, id)
    {
        var script = new Asset(this, "Script", new AssetProps { Path = props.ScriptPath });
        // The script's modules (etl_glue/) and arguments.json, zipped at the package's root for --extra-py-files.
        var jobFolder = Path.GetDirectoryName(props.ScriptPath)!;
        var package = new Asset(this, "Package", new AssetProps
        {
            Path = jobFolder,
            // Only what the script imports: everything else (its tests, caches) stays out of the zip.
            Exclude = ["*", "!etl_glue", "!etl_glue/**", "!arguments.json", "**/__pycache__", "**/*.pyc"],
        });
        var declared = GlueJobArguments.Load(Path.Combine(jobFolder, "arguments.json"));
        Logs = new LogGroup(this, "Logs", new LogGroupProps { Retention = props.LogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        ExecutionRole = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("glue.amazonaws.com"),
            Description = "The Agentic ETL convert job on Glue: reads the upload, writes output and artifacts, updates the job record.",
        });
        Statements =
        [
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ScriptRead",
                Actions = ["s3:GetObject"],
                Resources = [script.Bucket.ArnForObjects(script.S3ObjectKey), package.Bucket.ArnForObjects(package.S3ObjectKey)],
            }),
            new PolicyStatement(new PolicyStatementProps { Sid = "UploadsRead", Actions = ["s3:GetObject"], Resources = [props.Input.ArnForObjects(RolePolicies.Uploads)] }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "BucketsKnow",
                Actions = ["s3:ListBucket"],
                Resources = [props.Input.BucketArn, props.Output.BucketArn],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ResultsWrite",
                Actions = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
                // _tmp/glue/{jobId}/: the parts a run assembles into its one output file, deleted when it ends.
                Resources = [props.Output.ArnForObjects(RolePolicies.Outputs), props.Output.ArnForObjects(GlueTemporaryPrefix + "*")],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "JobsReadWrite",
                Actions = ["dynamodb:GetItem", "dynamodb:UpdateItem"],
                Resources = [props.Jobs.TableArn],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "GlueLogs",
                Actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                Resources = [Logs.LogGroupArn, $"arn:{Amazon.CDK.Aws.PARTITION}:logs:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:log-group:/aws-glue/jobs/*"],
            }),
        ];
        foreach (var statement in Statements)
        {
            ExecutionRole.AddToPolicy(statement);
        }

        Job = new CfnJob(this, "Job", new CfnJobProps
        {
            Name = props.JobName,
            Description = "Agentic ETL: the convert stage for inputs above ETL_GLUE_THRESHOLD_BYTES (Parquet ⇄ JSON/NDJSON).",
            Role = ExecutionRole.RoleArn,
            GlueVersion = GlueVersion,
            Command = new CfnJob.JobCommandProperty { Name = "glueetl", PythonVersion = "3", ScriptLocation = script.S3ObjectUrl },
            WorkerType = "G.1X",
            NumberOfWorkers = 2,
            // The state machine's Retry decides about retries; Glue's own would run a failed conversion again unseen.
            MaxRetries = 0,
            Timeout = 120,
            ExecutionProperty = new CfnJob.ExecutionPropertyProperty { MaxConcurrentRuns = 10 },
            DefaultArguments = new Dictionary<string, string>(declared.Defaults(new Dictionary<string, string>
            {
                ["--jobs-table"] = props.Jobs.TableName,
                ["--input-bucket"] = props.Input.BucketName,
                ["--output-bucket"] = props.Output.BucketName,
            }, Path.Combine(jobFolder, "arguments.json")))
            {
                ["--job-language"] = "python",
                ["--extra-py-files"] = package.S3ObjectUrl,
                ["--enable-metrics"] = "true",
                ["--enable-continuous-cloudwatch-log"] = "true",
                ["--continuous-log-logGroup"] = Logs.LogGroupName,
            },
        });
        Job.Node.AddDependency(ExecutionRole);
    }

    public CfnJob Job { get; }

    public Role ExecutionRole { get; }

    public LogGroup Logs { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }
}
