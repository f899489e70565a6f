using System.Text.Json.Nodes;
using Amazon.Runtime;
using Etl.Aws.Json;
using Etl.Aws.StepFunctions;
using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;

namespace Etl.Aws.Tests.Json;

/// <summary>The Step Functions starter on the wire: a loopback service captures StartExecution and scripts its answers.</summary>
public sealed class StepFunctionsPipelineStarterTests : IDisposable
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Machine = "arn:aws:states:eu-west-1:123456789012:stateMachine:etl-pipeline";
    private const string AgentMachine = "arn:aws:states:eu-west-1:123456789012:stateMachine:etl-agent";

    private readonly LoopbackAwsService service = new("""{"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:etl-pipeline:x","startDate":1.7E9}""");
    private readonly InMemoryJobStore jobs = new();

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task StartExecution_is_a_signed_json_post_named_after_the_job()
    {
        var job = TestJobs.Pending();
        await Starter().StartAsync(job.JobId, CancellationToken.None);

        var request = Assert.Single(service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("AWSStepFunctions.StartExecution", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
        var body = JsonNode.Parse(request.Text)!.AsObject();
        Assert.Equal(Machine, body["stateMachineArn"]!.GetValue<string>());
        Assert.Equal(job.JobId, body["name"]!.GetValue<string>());
        Assert.Equal(job.JobId, JsonNode.Parse(body["input"]!.GetValue<string>())!["jobId"]!.GetValue<string>());
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", request.Header("Authorization"));
        Assert.Contains("/eu-west-1/states/aws4_request", request.Header("Authorization"));
        LoopbackAwsService.AssertSignedBySmithy(request, "states", "eu-west-1", AccessKey, SecretKey);
    }

    [Fact]
    public async Task A_repeated_start_is_not_an_error()
    {
        service.Answer(400, """{"__type":"ExecutionAlreadyExists","message":"Execution Already Exists: 'arn:aws:states:eu-west-1:123456789012:execution:etl-pipeline:x'"}""");

        await Starter().StartAsync(JobIds.New(), CancellationToken.None);

        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_with_the_same_execution_name()
    {
        service.Answer(400, """{"__type":"com.amazonaws.swf.base.model#ThrottlingException","message":"Rate exceeded"}""");
        service.Answer(500, """{"__type":"InternalFailure","message":"try again"}""");
        var jobId = JobIds.New();

        await Starter().StartAsync(jobId, CancellationToken.None);

        Assert.Equal(3, service.Requests.Count);
        Assert.All(service.Requests, r => Assert.Equal(jobId, JsonNode.Parse(r.Text)!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Throttling_past_the_retries_is_reported()
    {
        for (var i = 0; i < 3; i++)
        {
            service.Answer(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""");
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Starter(maxRetries: 2).StartAsync(JobIds.New(), CancellationToken.None));

        Assert.Equal("ThrottlingException", error.Code);
        Assert.True(error.IsTransient);
        Assert.Equal(3, service.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_is_not_retried_and_names_the_missing_permission()
    {
        service.Answer(400, """{"__type":"AccessDeniedException","Message":"User: arn:aws:sts::123456789012:assumed-role/etl-trigger is not authorized to perform: states:StartExecution"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Starter().StartAsync(JobIds.New(), CancellationToken.None));

        Assert.Single(service.Requests);
        Assert.False(error.IsTransient);
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains("Step Functions refused StartExecution", error.Message);
        Assert.Contains("states:StartExecution", error.Message);
        Assert.Contains("is not authorized", error.Message);
    }

    [Fact]
    public async Task Agent_jobs_start_the_agent_state_machine()
    {
        var agent = TestJobs.Pending() with { Type = JobTypes.Agent };
        var convert = TestJobs.Pending();
        await jobs.CreateAsync(agent, CancellationToken.None);
        await jobs.CreateAsync(convert, CancellationToken.None);
        var starter = Starter(agentMachine: AgentMachine);

        await starter.StartAsync(agent.JobId, CancellationToken.None);
        await starter.StartAsync(convert.JobId, CancellationToken.None);

        var machines = service.Requests.Select(r => JsonNode.Parse(r.Text)!["stateMachineArn"]!.GetValue<string>()).ToList();
        Assert.Equal([AgentMachine, Machine], machines);
    }

    [Fact]
    public async Task A_convert_job_s_execution_input_carries_its_input_size_for_the_glue_choice()
    {
        var convert = TestJobs.Pending() with { BytesIn = 5_368_709_120 };
        var agent = TestJobs.Pending() with { Type = JobTypes.Agent, BytesIn = 12 };
        var unknown = TestJobs.Pending();
        await jobs.CreateAsync(convert, CancellationToken.None);
        await jobs.CreateAsync(agent, CancellationToken.None);
        await jobs.CreateAsync(unknown, CancellationToken.None);
        var starter = Starter(agentMachine: AgentMachine);

        await starter.StartAsync(convert.JobId, CancellationToken.None);
        await starter.StartAsync(agent.JobId, CancellationToken.None);
        await starter.StartAsync(unknown.JobId, CancellationToken.None);

        var inputs = service.Requests.Select(r => JsonNode.Parse(JsonNode.Parse(r.Text)!["input"]!.GetValue<string>())!.ToJsonString()).ToList();
        Assert.Equal($$"""{"jobId":"{{convert.JobId}}","inputSizeBytes":5368709120}""", inputs[0]);
        // The agent pipeline has no Glue choice; a job whose size is not known runs on Lambda (the Choice's Default).
        Assert.Equal($$"""{"jobId":"{{agent.JobId}}"}""", inputs[1]);
        Assert.Equal($$"""{"jobId":"{{unknown.JobId}}"}""", inputs[2]);
    }

    private StepFunctionsPipelineStarter Starter(int maxRetries = 5, string? agentMachine = null) =>
        new(Client(AwsJsonService.StepFunctions, maxRetries), jobs, Machine, agentMachine);

    private AwsJsonClient Client(AwsJsonService json, int maxRetries) =>
        new(json, service.Endpoint, "eu-west-1", new BasicAWSCredentials(AccessKey, SecretKey), maxRetries, TimeSpan.FromMilliseconds(1));
}
