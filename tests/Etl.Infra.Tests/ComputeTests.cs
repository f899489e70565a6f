using System.Text.Json.Nodes;
using Etl.Agents.Bedrock;
using Etl.Lambda;
using Etl.Lambda.Roles;

namespace Etl.Infra.Tests;

/// <summary>The functions, their environment contract, logs and alarms; the state machines; the Glue job; the upload rule.</summary>
[Collection(DefaultDeploymentCollection.Name)]
public sealed class ComputeTests(DefaultDeployment deployment)
{
    private IReadOnlyDictionary<string, (string Id, JsonObject Properties)> Functions => Roles.FunctionsByRole(deployment.Compute);

    [Fact]
    public void Every_function_runs_the_bootstrap_on_the_architecture_it_is_published_for()
    {
        foreach (var (role, function) in Functions)
        {
            Assert.Equal("provided.al2023", function.Properties["Runtime"]!.GetValue<string>());
            Assert.Equal("bootstrap", function.Properties["Handler"]!.GetValue<string>());
            // dotnet publish -r linux-x64 (DotnetPublishBundling).
            Assert.Equal("[\"x86_64\"]", CloudFormation.Text(function.Properties["Architectures"]));
            Assert.True(function.Properties["Timeout"]!.GetValue<int>() <= (role == HandlerRoles.Worker ? 900 : 60), role);
        }

        Assert.Equal(900, Functions[HandlerRoles.Worker].Properties["Timeout"]!.GetValue<int>());
        Assert.All(ApiTests.ExpectedRoutes.Values.Distinct(), role => Assert.Equal(29, Functions[role].Properties["Timeout"]!.GetValue<int>()));
    }

    [Fact]
    public void Every_function_environment_satisfies_what_bootstrap_reads_at_start()
    {
        foreach (var (role, function) in Functions)
        {
            var variables = function.Properties["Environment"]!["Variables"]!.AsObject();
            // Lambda sets these two; the values CloudFormation resolves at deploy time stand in as text.
            string? Read(string name) => name switch
            {
                "AWS_LAMBDA_RUNTIME_API" => "127.0.0.1:9001",
                "AWS_REGION" => "eu-west-1",
                _ => variables[name] is { } value ? value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : $"deploy-time:{value.ToJsonString()}" : null,
            };

            var settings = LambdaSettings.FromEnvironment(Read);
            Assert.Equal(role, settings.Role);
            Assert.Equal("aws", settings.Backend);
            var aws = settings.Aws!;
            Assert.Equal(3, aws.Buckets.All.Count);
            Assert.StartsWith("deploy-time:{\"Fn::ImportValue\":\"EtlData:ExportsOutputRefJobs", aws.JobsTable, StringComparison.Ordinal);
            Assert.Equal(role is HandlerRoles.Trigger or HandlerRoles.S3Event or HandlerRoles.Agent or HandlerRoles.Api, aws.StateMachineArn is not null);
            Assert.Equal(role == HandlerRoles.Agent, aws.AgentStateMachineArn is not null);
            Assert.Equal(role == HandlerRoles.S3Event, settings.AutoTrigger);
            Assert.Equal("bedrock", Read("ETL_AGENT"));
            Assert.Equal("etl-convert", aws.GlueJob);
            Assert.Equal("etl_catalog", Read("ETL_CATALOG_DATABASE"));
            Assert.Equal(BedrockSettings.DefaultModel, BedrockSettings.FromEnvironment(Read).Model);
        }
    }

    [Fact]
    public void Every_log_group_keeps_its_logs_for_the_configured_days_and_every_function_logs_into_its_own()
    {
        var groups = deployment.Templates.SelectMany(t => t.Resources("AWS::Logs::LogGroup")).ToList();
        // One per function, the Glue job's, the API's access logs.
        Assert.Equal(Functions.Count + 2, groups.Count);
        Assert.All(groups, g => Assert.Equal(90, g.Resource["Properties"]!["RetentionInDays"]!.GetValue<int>()));

        var logGroups = deployment.Compute.Resources("AWS::Logs::LogGroup").Select(g => g.Id).ToHashSet();
        var used = Functions.Values.Select(f => f.Properties["LoggingConfig"]!["LogGroup"]!["Ref"]!.GetValue<string>()).ToList();
        Assert.All(used, id => Assert.Contains(id, logGroups));
        Assert.Equal(used.Count, used.Distinct().Count());
    }

    [Fact]
    public void Every_function_has_an_errors_alarm_and_every_state_machine_a_failed_executions_alarm()
    {
        var alarms = deployment.Compute.Resources("AWS::CloudWatch::Alarm").Select(a => a.Resource["Properties"]!).ToList();
        foreach (var (role, function) in Functions)
        {
            Assert.Single(alarms, a => a["Namespace"]!.GetValue<string>() == "AWS/Lambda" && a["MetricName"]!.GetValue<string>() == "Errors"
                && CloudFormation.Text(a["Dimensions"]).Contains($"{{\"Ref\":\"{function.Id}\"}}", StringComparison.Ordinal));
        }

        foreach (var (id, _) in deployment.Compute.Resources("AWS::StepFunctions::StateMachine"))
        {
            Assert.Single(alarms, a => a["Namespace"]!.GetValue<string>() == "AWS/States" && a["MetricName"]!.GetValue<string>() == "ExecutionsFailed"
                && CloudFormation.Text(a["Dimensions"]).Contains($"{{\"Ref\":\"{id}\"}}", StringComparison.Ordinal));
        }

        Assert.All(alarms, a => Assert.Equal(1, a["Threshold"]!.GetValue<double>()));
    }

    [Fact]
    public void Both_state_machines_run_their_stages_on_the_worker()
    {
        var machines = deployment.Compute.Resources("AWS::StepFunctions::StateMachine").ToList();
        Assert.Equal(2, machines.Count);
        var worker = Functions[HandlerRoles.Worker].Id;
        foreach (var (id, machine) in machines)
        {
            var definition = CloudFormation.Text(machine["Properties"]!["DefinitionString"]);
            Assert.Contains($"{{\"Fn::GetAtt\":[\"{worker}\",\"Arn\"]}}", definition, StringComparison.Ordinal);
            // No other function is named by a definition.
            foreach (var other in Functions.Values.Where(f => f.Id != worker))
            {
                Assert.DoesNotContain($"\"{other.Id}\"", definition, StringComparison.Ordinal);
            }
        }

        var convert = CloudFormation.Text(machines.Single(m => m.Id.StartsWith("ConvertPipeline", StringComparison.Ordinal)).Resource["Properties"]!["DefinitionString"]);
        Assert.Contains("arn:", convert, StringComparison.Ordinal);
        Assert.Contains(":states:::glue:startJobRun.sync", convert, StringComparison.Ordinal);
        Assert.Contains("etl-convert", convert, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Glue_job_is_Glue_5_PySpark_with_the_resources_as_arguments_and_its_own_role()
    {
        var (_, job) = Assert.Single(deployment.Compute.Resources("AWS::Glue::Job"));
        var properties = job["Properties"]!;
        Assert.Equal("etl-convert", properties["Name"]!.GetValue<string>());
        Assert.Equal("5.0", properties["GlueVersion"]!.GetValue<string>());
        Assert.Equal("glueetl", properties["Command"]!["Name"]!.GetValue<string>());
        Assert.Contains("s3://", CloudFormation.Text(properties["Command"]!["ScriptLocation"]), StringComparison.Ordinal);
        var arguments = properties["DefaultArguments"]!.AsObject();
        // What glue-jobs/arguments.json declares as fixed, plus the job's own modules; nothing the script does not read.
        foreach (var argument in new[] { "--jobs-table", "--input-bucket", "--output-bucket", "--extra-py-files" })
        {
            Assert.True(arguments.ContainsKey(argument), argument);
        }

        Assert.False(arguments.ContainsKey("--artifacts-bucket"));
        Assert.Contains("s3://", CloudFormation.Text(arguments["--extra-py-files"]), StringComparison.Ordinal);

        Assert.Contains("ExportsOutputRefJobs", CloudFormation.Text(arguments["--jobs-table"]), StringComparison.Ordinal);
        var role = deployment.Compute.Properties(Roles.RoleId(properties.AsObject()));
        Assert.Contains("glue.amazonaws.com", CloudFormation.Text(role["AssumeRolePolicyDocument"]), StringComparison.Ordinal);
        Assert.Equal(
            new SortedSet<string>(["dynamodb:GetItem", "dynamodb:UpdateItem", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"], StringComparer.Ordinal),
            Roles.ActionSet(Roles.Statements(deployment.Compute, Roles.RoleId(properties.AsObject()))));
    }

    [Fact]
    public void The_worker_and_agent_functions_deploy_the_full_build_and_every_other_function_the_NativeAOT_api_build()
    {
        static string Asset(JsonObject function) => CloudFormation.Text(function["Code"]!["S3Key"]);
        var full = Asset(Functions[HandlerRoles.Worker].Properties);
        Assert.Equal(full, Asset(Functions[HandlerRoles.Agent].Properties));
        var others = Functions.Where(f => f.Key is not (HandlerRoles.Worker or HandlerRoles.Agent)).Select(f => Asset(f.Value.Properties)).Distinct().ToList();
        Assert.NotEqual(full, Assert.Single(others));
        Assert.All(Functions.Values, f => Assert.Equal("[\"x86_64\"]", CloudFormation.Text(f.Properties["Architectures"])));
    }

    [Fact]
    public void An_upload_under_uploads_reaches_the_s3_event_function()
    {
        var (_, rule) = Assert.Single(deployment.Compute.Resources("AWS::Events::Rule"));
        var pattern = rule["Properties"]!["EventPattern"]!;
        Assert.Equal("[\"aws.s3\"]", CloudFormation.Text(pattern["source"]));
        Assert.Equal("[\"Object Created\"]", CloudFormation.Text(pattern["detail-type"]));
        Assert.Equal("[{\"prefix\":\"uploads/\"}]", CloudFormation.Text(pattern["detail"]!["object"]!["key"]));
        Assert.Contains("FnGetAttInput", CloudFormation.Text(pattern["detail"]!["bucket"]!["name"]).Replace("Ref", "FnGetAtt", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(Functions[HandlerRoles.S3Event].Id, CloudFormation.Text(rule["Properties"]!["Targets"]), StringComparison.Ordinal);
    }
}

/// <summary>Without auto-trigger (the default) nothing listens to uploads; with the offline agent nothing may call Bedrock.</summary>
public sealed class OfflineComputeTests(OpenDeployment deployment) : IClassFixture<OpenDeployment>
{
    [Fact]
    public void No_s3_event_function_no_rule_no_model_access()
    {
        var functions = Roles.FunctionsByRole(deployment.Compute);
        Assert.False(functions.ContainsKey(HandlerRoles.S3Event));
        Assert.Empty(deployment.Compute.Resources("AWS::Events::Rule"));
        Assert.DoesNotContain("bedrock:", CloudFormation.Text(deployment.Compute.Root), StringComparison.Ordinal);
        Assert.Equal("etl-open-pipeline-jobs", Assert.Single(deployment.Data.Resources("AWS::DynamoDB::Table")).Resource["Properties"]!["TableName"]!.GetValue<string>());
    }
}
