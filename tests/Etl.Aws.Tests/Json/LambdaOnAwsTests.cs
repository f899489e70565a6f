using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Etl.Aws.Jobs;
using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;
using Etl.Lambda.Backend;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Tests;

namespace Etl.Aws.Tests.Json;

/// <summary>
/// A Lambda role with ETL_BACKEND=aws, composed from its environment as in AWS: S3 and DynamoDB are the emulators,
/// Step Functions is a loopback listener, the Runtime API is the fake one of the Lambda tests.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class LambdaOnAwsTests(AwsEmulators aws)
{
    private const string Machine = "arn:aws:states:us-east-1:123456789012:stateMachine:etl-pipeline";

    [Fact]
    public async Task The_trigger_role_moves_the_job_in_dynamodb_and_starts_its_execution_named_after_it()
    {
        var bucket = aws.NewBucket();
        var table = aws.NewTable();
        var job = TestJobs.Pending(fileName: "rows.json", inputFormat: "json");
        using (var s3 = aws.S3Client())
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = job.InputS3Key, ContentBody = "{\"a\": 1}\n", UseChunkEncoding = false });
        }

        using (var dynamo = aws.DynamoDbClient())
        {
            await new DynamoDbJobStore(dynamo, table).CreateAsync(job, CancellationToken.None);
        }

        using var stepFunctions = new LoopbackAwsService("""{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:etl-pipeline:x","startDate":1.7E9}""");
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort,
            ["ETL_HANDLER"] = "trigger",
            ["ETL_BACKEND"] = "aws",
            ["ETL_DATA_DIR"] = data.Path,
            ["AWS_REGION"] = AwsEmulators.Region,
            ["AWS_ENDPOINT_URL_S3"] = aws.S3.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = aws.DynamoDb.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_SFN"] = stepFunctions.Endpoint.AbsoluteUri,
            ["ETL_INPUT_BUCKET"] = bucket,
            ["ETL_JOBS_TABLE"] = table,
            ["ETL_STATE_MACHINE_ARN"] = Machine,
        };
        using var stopping = new CancellationTokenSource();
        // The composition is LambdaBackend.Create's for ETL_BACKEND=aws, with the emulators' credentials in place of the role's.
        var run = Task.Run(() => LambdaHost.RunAsync(name => environment.GetValueOrDefault(name), TextWriter.Null,
            (settings, log) => LambdaBackend.Aws(settings, log, AwsEmulators.Credentials), stopping.Token));

        var outcome = await api.InvokeAsync(AwsEvents.HttpApiV2Json("POST", "/trigger-job", $"{{\"jobId\":\"{job.JobId}\",\"outputFormat\":\"parquet\"}}").ToJsonString());

        Assert.False(outcome.IsError, outcome.Text);
        Assert.Equal(202, outcome.Json.GetProperty("statusCode").GetInt32());
        var request = Assert.Single(stepFunctions.Requests);
        Assert.Equal("AWSStepFunctions.StartExecution", request.Header("X-Amz-Target"));
        var body = JsonNode.Parse(request.Text)!.AsObject();
        Assert.Equal(job.JobId, body["name"]!.GetValue<string>());
        Assert.Equal(Machine, body["stateMachineArn"]!.GetValue<string>());
        LoopbackAwsService.AssertSignedBySmithy(request, "states", AwsEmulators.Region, "S3RVER", "S3RVER");
        using (var dynamo = aws.DynamoDbClient())
        {
            var stored = await new DynamoDbJobStore(dynamo, table).GetAsync(job.JobId, CancellationToken.None);
            Assert.Equal(JobStatus.Running, stored!.Status);
            Assert.Equal("parquet", stored.OutputFormat);
        }

        await stopping.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_trigger_role_without_a_state_machine_is_an_init_error_that_names_the_setting()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort,
            ["ETL_HANDLER"] = "trigger",
            ["ETL_BACKEND"] = "aws",
            ["ETL_DATA_DIR"] = data.Path,
            ["AWS_REGION"] = AwsEmulators.Region,
            ["AWS_ENDPOINT_URL_S3"] = aws.S3.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = aws.DynamoDb.Endpoint.AbsoluteUri,
            ["ETL_INPUT_BUCKET"] = "etl-input",
        };

        var exitCode = await LambdaHost.RunAsync(name => environment.GetValueOrDefault(name), TextWriter.Null,
            (settings, log) => LambdaBackend.Aws(settings, log, AwsEmulators.Credentials), CancellationToken.None);

        Assert.Equal(1, exitCode);
        var error = await api.InitError;
        Assert.Equal("InvalidConfiguration", error.ErrorType);
        Assert.Contains("ETL_STATE_MACHINE_ARN is not set", error.Text);
    }
}
