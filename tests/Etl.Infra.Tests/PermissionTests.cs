using System.Text.Json.Nodes;
using Etl.Lambda.Roles;

namespace Etl.Infra.Tests;

/// <summary>Each function's role holds exactly what that role does, named; nothing anywhere is allowed on "*".</summary>
[Collection(DefaultDeploymentCollection.Name)]
public sealed class PermissionTests(DefaultDeployment deployment)
{
    private static readonly string[] OwnLogs = ["logs:CreateLogStream", "logs:PutLogEvents"];

    public static TheoryData<string, string[]> ExpectedActions => new()
    {
        { HandlerRoles.Api, [] },
        { HandlerRoles.Upload, ["dynamodb:PutItem", "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"] },
        { HandlerRoles.Trigger, ["dynamodb:GetItem", "dynamodb:PutItem", "s3:GetObject", "s3:ListBucket", "states:StartExecution"] },
        { HandlerRoles.S3Event, ["dynamodb:GetItem", "dynamodb:PutItem", "s3:GetObject", "s3:ListBucket", "states:StartExecution"] },
        { HandlerRoles.Status, ["dynamodb:GetItem", "dynamodb:Query"] },
        { HandlerRoles.Download, ["dynamodb:GetItem", "s3:GetObject", "s3:ListBucket"] },
        { HandlerRoles.Agent, ["dynamodb:GetItem", "dynamodb:PutItem", "s3:AbortMultipartUpload", "s3:GetObject", "s3:ListBucket", "s3:PutObject", "states:StartExecution"] },
        { HandlerRoles.Datasets, ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "glue:CreateTable", "glue:DeleteTable", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable", "s3:GetObject"] },
        { HandlerRoles.Worker, ["bedrock:InvokeModel", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "glue:CreateTable", "glue:DeleteTable", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable", "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"] },
    };

    [Theory]
    [MemberData(nameof(ExpectedActions))]
    public void Each_function_role_lists_exactly_its_actions(string role, string[] actions)
    {
        var function = Roles.FunctionsByRole(deployment.Compute)[role];
        var statements = Roles.Statements(deployment.Compute, Roles.RoleId(function.Properties));

        Assert.Equal(new SortedSet<string>([.. actions, .. OwnLogs], StringComparer.Ordinal), Roles.ActionSet(statements));
        // Only inline statements: no managed policy (AWSLambdaBasicExecutionRole would allow logs on "*").
        var executionRole = deployment.Compute.Properties(Roles.RoleId(function.Properties));
        Assert.Null(executionRole["ManagedPolicyArns"]);
        Assert.Contains("lambda.amazonaws.com", CloudFormation.Text(executionRole["AssumeRolePolicyDocument"]));
    }

    [Fact]
    public void Every_function_is_deployed_once_per_role()
    {
        Assert.Equal(
            HandlerRoles.All.Order(StringComparer.Ordinal),
            Roles.FunctionsByRole(deployment.Compute).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_function_writes_only_its_own_log_group()
    {
        foreach (var (role, function) in Roles.FunctionsByRole(deployment.Compute))
        {
            var logGroup = function.Properties["LoggingConfig"]!["LogGroup"]!["Ref"]!.GetValue<string>();
            var logs = Roles.Statements(deployment.Compute, Roles.RoleId(function.Properties)).Single(s => Roles.Actions(s).Contains("logs:PutLogEvents"));
            var resource = Assert.Single(Roles.Resources(logs));
            Assert.True(CloudFormation.Text(resource).Contains($"\"{logGroup}\"", StringComparison.Ordinal), $"{role} writes logs to {resource}");
        }
    }

    [Fact]
    public void No_statement_anywhere_allows_every_action_or_every_resource()
    {
        // Required "*" resources: none. Every statement of every policy in the app names its resources.
        foreach (var template in deployment.Templates)
        {
            foreach (var (id, policy) in template.Resources("AWS::IAM::Policy"))
            {
                foreach (var statement in policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()))
                {
                    Assert.All(Roles.Actions(statement), action => Assert.False(action == "*" || action.EndsWith(":*", StringComparison.Ordinal), $"{id}: {action}"));
                    Assert.All(Roles.Resources(statement), resource => Assert.False(CloudFormation.Text(resource) == "\"*\"", $"{id}: {statement.ToJsonString()}"));
                }
            }
        }
    }

    [Theory]
    [InlineData(HandlerRoles.Trigger, "ConvertPipeline")]
    [InlineData(HandlerRoles.S3Event, "ConvertPipeline")]
    [InlineData(HandlerRoles.Agent, "AgentPipeline")]
    public void A_role_that_starts_jobs_starts_only_its_pipeline(string role, string machine)
    {
        var function = Roles.FunctionsByRole(deployment.Compute)[role];
        var start = Roles.Statements(deployment.Compute, Roles.RoleId(function.Properties)).Single(s => Roles.Actions(s).Contains("states:StartExecution"));
        var resource = CloudFormation.Text(Assert.Single(Roles.Resources(start)));
        Assert.StartsWith($"{{\"Ref\":\"{machine}StateMachine", resource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HandlerRoles.Upload, "s3:PutObject", new[] { "Input:uploads/*" })]
    [InlineData(HandlerRoles.Upload, "s3:DeleteObject", new[] { "Input:uploads/*" })]
    [InlineData(HandlerRoles.Trigger, "s3:GetObject", new[] { "Input:uploads/*" })]
    [InlineData(HandlerRoles.Download, "s3:GetObject", new[] { "Output:output/*", "Artifacts:runs/*" })]
    [InlineData(HandlerRoles.Agent, "s3:PutObject", new[] { "Artifacts:runs/*" })]
    [InlineData(HandlerRoles.Agent, "s3:GetObject", new[] { "Input:uploads/*", "Artifacts:catalog/*" })]
    [InlineData(HandlerRoles.Datasets, "s3:GetObject", new[] { "Artifacts:catalog/*" })]
    [InlineData(HandlerRoles.Worker, "s3:GetObject", new[] { "Input:uploads/*", "Output:output/*", "Artifacts:runs/*", "Artifacts:catalog/*" })]
    [InlineData(HandlerRoles.Worker, "s3:PutObject", new[] { "Output:output/*", "Artifacts:runs/*", "Artifacts:catalog/*" })]
    [InlineData(HandlerRoles.Worker, "s3:DeleteObject", new[] { "Output:output/*", "Artifacts:runs/*" })]
    public void Object_access_is_scoped_to_the_storage_layout(string role, string action, string[] bucketPrefixes)
    {
        var function = Roles.FunctionsByRole(deployment.Compute)[role];
        var resources = Roles.Statements(deployment.Compute, Roles.RoleId(function.Properties))
            .Where(s => Roles.Actions(s).Contains(action))
            .SelectMany(Roles.Resources)
            .Select(CloudFormation.Text)
            .ToList();

        Assert.Equal(bucketPrefixes.Length, resources.Count);
        foreach (var expected in bucketPrefixes)
        {
            var (bucket, prefix) = (expected.Split(':')[0], expected.Split(':')[1]);
            // Cross-stack: {"Fn::Join": ["", [{"Fn::ImportValue": "…FnGetAtt{Bucket}…Arn…"}, "/{prefix}"]]}.
            Assert.Contains(resources, r => r.Contains($"FnGetAtt{bucket}", StringComparison.Ordinal) && r.Contains($"\"/{prefix}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_worker_invokes_only_the_configured_model_through_its_inference_profile()
    {
        var function = Roles.FunctionsByRole(deployment.Compute)[HandlerRoles.Worker];
        var invoke = Roles.Statements(deployment.Compute, Roles.RoleId(function.Properties)).Single(s => Roles.Actions(s).Contains("bedrock:InvokeModel"));
        var resources = Roles.Resources(invoke).Select(CloudFormation.Text).ToList();

        Assert.Equal(3, resources.Count);
        Assert.Contains(resources, r => r.Contains(":inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains(":bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains(":bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_state_machines_may_invoke_only_the_worker_and_the_glue_job()
    {
        var worker = Roles.FunctionsByRole(deployment.Compute)[HandlerRoles.Worker].Id;
        foreach (var (id, machine) in deployment.Compute.Resources("AWS::StepFunctions::StateMachine"))
        {
            var statements = Roles.Statements(deployment.Compute, Roles.RoleId(machine["Properties"]!.AsObject(), "RoleArn"));
            foreach (var statement in statements)
            {
                var actions = Roles.Actions(statement).ToList();
                Assert.All(actions, a => Assert.True(a == "lambda:InvokeFunction" || a.StartsWith("glue:", StringComparison.Ordinal), $"{id}: {a}"));
                if (actions.Contains("lambda:InvokeFunction"))
                {
                    Assert.All(Roles.Resources(statement), r => Assert.Contains($"\"{worker}\"", CloudFormation.Text(r), StringComparison.Ordinal));
                }
            }
        }
    }
}
