using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Signing;
using Etl.Adapters.Local.Storage;
using Amazon.Runtime;
using Etl.Aws.Configuration;
using Etl.Aws.StepFunctions;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Lambda.Agents;
using Etl.Lambda.Logging;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Backend;

/// <summary>
/// The composition root of the ports every role uses: the one place that decides which adapters back the function.
/// ETL_BACKEND=aws is S3, DynamoDB and Step Functions (Etl.Aws, wired in <see cref="Aws"/>); ETL_BACKEND=local is the
/// local adapters over a data directory, which the tests and a laptop run use. Tests may replace a port with
/// <c>with</c> (e.g. a recording <see cref="Pipeline"/>).
/// </summary>
public sealed record LambdaBackend
{
    public required IJobStore Jobs { get; init; }

    public required IBlobStore Blobs { get; init; }

    public required ISignedUrlIssuer Urls { get; init; }

    /// <summary>The dataset catalog (SQLite beside the jobs locally; DynamoDB and the Glue Data Catalog on AWS when ETL_CATALOG_DATABASE is set).</summary>
    public required ICatalog Catalog { get; init; }

    /// <summary>Starts a triggered job's pipeline (a Step Functions execution on AWS).</summary>
    public required IPipelineStarter Pipeline { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The agent the worker runs agent jobs with and the API estimates with (ETL_AGENT: offline, the default, or bedrock);
    /// null in the agent-free build, and where nothing runs agents (the CDK app reading the routes).
    /// </summary>
    public LambdaAgents? Agents { get; init; }

    public static LambdaBackend Create(LambdaSettings settings, JsonLog log) => settings.Backend switch
    {
        "local" => Local(settings, log),
        _ => Aws(settings, log),
    };

    /// <summary>Files, SQLite and HMAC-signed URLs under <see cref="LambdaSettings.DataDirectory"/>.</summary>
    public static LambdaBackend Local(LambdaSettings settings, JsonLog log)
    {
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        // Same layout as `etl serve`, so one data directory can be shared with the local host that serves /blobs/….
        var stateDirectory = Path.Combine(dataDirectory, ".etl");
        Directory.CreateDirectory(stateDirectory);
        var secret = SigningSecret.LoadOrCreate(stateDirectory);
        return new LambdaBackend
        {
            Jobs = new SqliteJobStore(Path.Combine(stateDirectory, "jobs.db")),
            Catalog = new SqliteCatalog(Path.Combine(stateDirectory, "jobs.db"), TimeProvider.System),
            Blobs = new DiskBlobStore(dataDirectory),
            Urls = new HmacSignedUrlIssuer(secret, () => settings.PublicUrl, TimeProvider.System),
            Pipeline = new LoggedPipelineStarter(log),
            Agents = LambdaAgents.FromEnvironment(),
        };
    }

    /// <summary>
    /// S3 (ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET, ETL_ARTIFACTS_BUCKET), DynamoDB (ETL_JOBS_TABLE), presigned URLs and
    /// Step Functions (ETL_STATE_MACHINE_ARN, ETL_AGENT_STATE_MACHINE_ARN), composed as `etl serve --backend aws` composes
    /// them (<see cref="AwsPorts"/>). Unlike etl serve, nothing is probed at init: a cold start pays no extra round trips,
    /// and a least-privilege role need not hold s3:GetBucketLocation or dynamodb:DescribeTable.
    /// </summary>
    /// <param name="credentials">null: the SDK's default chain (in Lambda, the function's role).</param>
    public static LambdaBackend Aws(LambdaSettings settings, JsonLog log, AWSCredentials? credentials = null)
    {
        var aws = settings.Aws ?? throw new LambdaSettingsException("ETL_BACKEND=aws needs the AWS settings (AWS_REGION, ETL_INPUT_BUCKET, …).");
        var ports = AwsPorts.Create(aws, credentials);
        log.Info($"AWS backend: {AwsPorts.Describe(aws)}");
        return new LambdaBackend
        {
            Jobs = ports.Jobs,
            Blobs = ports.Blobs,
            Urls = ports.SignedUrls(TimeProvider.System, settings.MaxSignedUploadBytes),
            // Without ETL_CATALOG_DATABASE datasets are kept in SQLite under ETL_DATA_DIR, which in Lambda is the
            // environment's /tmp: a dataset then lives only as long as the warm environment does.
            Catalog = ports.Catalog ?? (ICatalog)new SqliteCatalog(Path.Combine(StateDirectory(settings), "catalog.db"), TimeProvider.System),
            Pipeline = Starter(settings, aws, ports, credentials),
            Agents = LambdaAgents.FromEnvironment(),
        };
    }

    // Only the roles that trigger jobs need a state machine: the worker is called by it, and cannot name it without a
    // cycle in the deployment (the state machine names the worker).
    private static IPipelineStarter Starter(LambdaSettings settings, AwsSettings aws, AwsPorts ports, AWSCredentials? credentials)
    {
        if (aws.StateMachineArn is { } machine)
        {
            return new StepFunctionsPipelineStarter(AwsClients.CreateStepFunctions(aws, credentials), ports.Jobs, machine, aws.AgentStateMachineArn);
        }

        return settings.Role is HandlerRoles.Worker or HandlerRoles.Status or HandlerRoles.Download or HandlerRoles.Upload
            ? new UnconfiguredPipelineStarter(settings.Role)
            : throw new LambdaSettingsException($"ETL_STATE_MACHINE_ARN is not set: the {settings.Role} function starts jobs as Step Functions executions; set it to the pipeline state machine's ARN (the CDK app does).");
    }

    private static string StateDirectory(LambdaSettings settings)
    {
        var directory = Path.Combine(Path.GetFullPath(settings.DataDirectory), ".etl");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
