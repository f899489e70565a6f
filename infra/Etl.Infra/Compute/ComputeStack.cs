using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.S3;
using Constructs;
using Etl.Core.Pipeline;
using Etl.Infra.Settings;
using Etl.Infra.StateMachines;
using Etl.Lambda.Roles;

namespace Etl.Infra.Compute;

/// <summary>What the compute stack runs on: the buckets, the jobs table and the catalog database.</summary>
public sealed record ComputeStackProps(DeploymentSettings Settings, IBucket Input, IBucket Output, IBucket Artifacts, ITable Jobs, string CatalogDatabase);

/// <summary>
/// One function per role of <c>bootstrap</c> (DESIGN.md "On AWS"), each with its own least-privilege role, log group and
/// error alarm; the two state machines built from the core's pipeline declarations; the Glue job of large conversions;
/// and, when auto-trigger is on, the EventBridge rule that hands new uploads to the s3-event function.
/// The <c>api</c> role (every route) serves only GET /health here: every other route goes to its own role's function.
/// </summary>
public sealed class ComputeStack : Stack
{
    /// <summary>Roles behind API Gateway: its integrations give up after 30 s.</summary>
    public static readonly Duration ApiTimeout = Duration.Seconds(29);

    /// <summary>Lambda's limit; a stage that needs longer belongs on Glue.</summary>
    public static readonly Duration WorkerTimeout = Duration.Minutes(15);

    public ComputeStack(Construct scope, string id, ComputeStackProps props, IStackProps? stackProps = null) : base(scope, id, stackProps)
    {
        var settings = props.Settings;
        var builds = new Dictionary<BootstrapBuild, AssetCode>
        {
            [BootstrapBuild.Api] = BootstrapCode.Create(settings, BootstrapBuild.Api),
            [BootstrapBuild.Full] = BootstrapCode.Create(settings, BootstrapBuild.Full),
        };
        var targets = new PolicyTargets(props.Input, props.Output, props.Artifacts, props.Jobs, props.CatalogDatabase);
        var environment = new Dictionary<string, string>
        {
            ["ETL_BACKEND"] = "aws",
            ["ETL_INPUT_BUCKET"] = props.Input.BucketName,
            ["ETL_OUTPUT_BUCKET"] = props.Output.BucketName,
            ["ETL_ARTIFACTS_BUCKET"] = props.Artifacts.BucketName,
            ["ETL_JOBS_TABLE"] = props.Jobs.TableName,
            ["ETL_CATALOG_DATABASE"] = props.CatalogDatabase,
            ["ETL_GLUE_JOB"] = settings.GlueJobName,
            ["ETL_AGENT"] = settings.Agent,
            ["ETL_AGENT_MODEL"] = settings.BedrockModelId,
        };

        RoleFunction Deploy(string role, int memoryMb, Duration timeout, IReadOnlyList<Amazon.CDK.AWS.IAM.PolicyStatement> statements,
            IReadOnlyDictionary<string, string>? extra = null, int ephemeralMb = 512)
        {
            var variables = new Dictionary<string, string>(environment);
            foreach (var (name, value) in extra ?? new Dictionary<string, string>())
            {
                variables[name] = value;
            }

            var function = new RoleFunction(this, Pascal(role), new RoleFunctionProps(role, builds[BootstrapBuild.For(role)], memoryMb, timeout, variables, settings.LogRetention, statements, ephemeralMb));
            _functions[role] = function;
            return function;
        }

        // The worker cannot name the state machines (they name it); it never starts executions.
        Worker = Deploy(HandlerRoles.Worker, 3008, WorkerTimeout, RolePolicies.Worker(targets, settings.Agent == "bedrock" ? settings.BedrockModelId : null), ephemeralMb: 10240);

        Glue = new GlueConvertJob(this, "GlueConvert", new GlueConvertJobProps(
            settings.GlueJobName, settings.GlueScript, props.Input, props.Output, props.Jobs, settings.LogRetention));
        ConvertPipeline = new PipelineStateMachine(this, "ConvertPipeline", new PipelineStateMachineProps(
            PipelineDeclaration.Convert, Worker.Function,
            new GlueRoute(StageNames.Convert, settings.GlueJobName, settings.GlueThresholdBytes, new Dictionary<string, string>())));
        ConvertPipeline.Node.AddDependency(Glue.Job);
        AgentPipeline = new PipelineStateMachine(this, "AgentPipeline", new PipelineStateMachineProps(PipelineDeclaration.Agent, Worker.Function));

        var machines = new Dictionary<string, string>
        {
            ["ETL_STATE_MACHINE_ARN"] = ConvertPipeline.StateMachine.StateMachineArn,
            ["ETL_AGENT_STATE_MACHINE_ARN"] = AgentPipeline.StateMachine.StateMachineArn,
        };
        // Trigger starts only convert jobs (agent jobs are started RUNNING by POST /agent-invoke), so it names only that machine.
        var convertOnly = new Dictionary<string, string> { ["ETL_STATE_MACHINE_ARN"] = ConvertPipeline.StateMachine.StateMachineArn };

        // bootstrap's api role wants a state machine at init although /health starts nothing: it gets the ARN, not the right.
        Deploy(HandlerRoles.Api, 256, ApiTimeout, [], convertOnly);
        Deploy(HandlerRoles.Upload, 1024, ApiTimeout, RolePolicies.Upload(targets));
        Deploy(HandlerRoles.Trigger, 512, ApiTimeout, RolePolicies.Trigger(targets, ConvertPipeline.StateMachine.StateMachineArn), convertOnly);
        Deploy(HandlerRoles.Status, 512, ApiTimeout, RolePolicies.Status(targets));
        Deploy(HandlerRoles.Download, 512, ApiTimeout, RolePolicies.Download(targets));
        Deploy(HandlerRoles.Agent, 1024, ApiTimeout, RolePolicies.Agent(targets, AgentPipeline.StateMachine.StateMachineArn), machines);
        Deploy(HandlerRoles.Datasets, 512, ApiTimeout, RolePolicies.Datasets(targets));

        if (settings.AutoTrigger)
        {
            var s3Event = Deploy(HandlerRoles.S3Event, 512, Duration.Seconds(60), RolePolicies.Trigger(targets, ConvertPipeline.StateMachine.StateMachineArn),
                new Dictionary<string, string>(convertOnly) { ["ETL_AUTO_TRIGGER"] = "true" });
            new Rule(this, "UploadCreated", new RuleProps
            {
                Description = "A file landed under uploads/ in the input bucket: trigger its job.",
                EventPattern = new EventPattern
                {
                    Source = ["aws.s3"],
                    DetailType = ["Object Created"],
                    Detail = new Dictionary<string, object>
                    {
                        ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { props.Input.BucketName } },
                        ["object"] = new Dictionary<string, object> { ["key"] = new object[] { new Dictionary<string, object> { ["prefix"] = "uploads/" } } },
                    },
                },
                Targets = [new LambdaFunction(s3Event.Function, new LambdaFunctionProps { RetryAttempts = 2, MaxEventAge = Duration.Hours(1) })],
            });
        }

        foreach (var (name, machine) in new[] { ("Convert", ConvertPipeline), ("Agent", AgentPipeline) })
        {
            machine.StateMachine.MetricFailed(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" })
                .CreateAlarm(this, $"{name}PipelineFailed", new CreateAlarmOptions
                {
                    AlarmDescription = $"{name} pipeline executions failed (a job ended FAILED, or the fail action itself failed).",
                    Threshold = 1,
                    EvaluationPeriods = 1,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                });
        }

        new CfnOutput(this, "ConvertStateMachineArn", new CfnOutputProps { Value = ConvertPipeline.StateMachine.StateMachineArn });
        new CfnOutput(this, "AgentStateMachineArn", new CfnOutputProps { Value = AgentPipeline.StateMachine.StateMachineArn });
        new CfnOutput(this, "GlueJobName", new CfnOutputProps { Value = settings.GlueJobName });
    }

    private readonly Dictionary<string, RoleFunction> _functions = [];

    /// <summary>The deployed functions by role (ETL_HANDLER).</summary>
    public IReadOnlyDictionary<string, RoleFunction> Functions => _functions;

    public RoleFunction Worker { get; }

    public GlueConvertJob Glue { get; }

    public PipelineStateMachine ConvertPipeline { get; }

    public PipelineStateMachine AgentPipeline { get; }

    private static string Pascal(string role) =>
        string.Concat(role.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "Function";
}
