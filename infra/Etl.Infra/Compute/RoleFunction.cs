using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Etl.Lambda.Roles;

namespace Etl.Infra.Compute;

/// <summary>How one role of <c>bootstrap</c> is deployed.</summary>
/// <param name="Role">ETL_HANDLER.</param>
/// <param name="Code">The bootstrap asset of the role's build (<see cref="BootstrapBuild.For"/>).</param>
/// <param name="MemoryMb">Memory (and with it CPU).</param>
/// <param name="Timeout">At most 15 minutes (Lambda's limit); 29 s for roles behind API Gateway, whose integrations wait 30 s.</param>
/// <param name="Environment">The environment contract (DESIGN.md "On AWS") without ETL_HANDLER, which this adds.</param>
/// <param name="LogRetention">Retention of the function's log group.</param>
/// <param name="Statements">Everything the role may do besides writing its own logs.</param>
/// <param name="EphemeralStorageMb">/tmp size: the worker spools conversions there.</param>
public sealed record RoleFunctionProps(
    string Role,
    Code Code,
    int MemoryMb,
    Duration Timeout,
    IReadOnlyDictionary<string, string> Environment,
    RetentionDays LogRetention,
    IReadOnlyList<PolicyStatement> Statements,
    int EphemeralStorageMb = 512);

/// <summary>
/// One function of one role: its own IAM role holding only the statements it is given and the right to write its own
/// log group (no managed policy, so no <c>logs:*</c> on <c>*</c>), an explicit log group with retention, and an alarm
/// on its errors.
/// </summary>
public sealed class RoleFunction : Construct
{
    public RoleFunction(Construct scope, string id, RoleFunctionProps props) : base(scope, id)
    {
        Logs = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = props.LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        ExecutionRole = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"The {props.Role} function of Agentic ETL: only what that role does.",
        });
        ExecutionRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "OwnLogs",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [Logs.LogGroupArn],
        }));
        foreach (var statement in props.Statements)
        {
            ExecutionRole.AddToPolicy(statement);
        }

        var environment = new Dictionary<string, string>(props.Environment) { [HandlerRoles.Setting] = props.Role };
        Function = new Function(this, "Function", new FunctionProps
        {
            Description = $"Agentic ETL bootstrap, role {props.Role}",
            Runtime = Runtime.PROVIDED_AL2023,
            Handler = "bootstrap",
            Architecture = BootstrapCode.Architecture,
            Code = props.Code,
            MemorySize = props.MemoryMb,
            Timeout = props.Timeout,
            EphemeralStorageSize = Size.Mebibytes(props.EphemeralStorageMb),
            Role = ExecutionRole,
            LogGroup = Logs,
            Environment = environment,
        });
        ErrorsAlarm = Function.MetricErrors(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" })
            .CreateAlarm(this, "Errors", new CreateAlarmOptions
            {
                AlarmDescription = $"The {props.Role} function reported errors (unhandled exceptions, timeouts, init errors).",
                Threshold = 1,
                EvaluationPeriods = 1,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
    }

    public Function Function { get; }

    public Role ExecutionRole { get; }

    public LogGroup Logs { get; }

    public Alarm ErrorsAlarm { get; }
}
