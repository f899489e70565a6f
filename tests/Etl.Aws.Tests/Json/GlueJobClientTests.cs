using System.Text.Json.Nodes;
using Amazon.Runtime;
using Etl.Aws.Glue;
using Etl.Aws.Json;

namespace Etl.Aws.Tests.Json;

public sealed class GlueJobClientTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task StartJobRun_passes_the_job_and_its_input_as_arguments()
    {
        using var service = new LoopbackAwsService("""{"JobRunId":"jr_0123456789abcdef"}""");
        using var client = new AwsJsonClient(AwsJsonService.Glue, service.Endpoint, "us-east-1", new BasicAWSCredentials(AccessKey, SecretKey), 2, TimeSpan.FromMilliseconds(1));

        var runId = await new GlueJobClient(client, "etl-convert").StartJobRunAsync("job-1", "uploads/job-1/big file.json",
            new Dictionary<string, string> { ["output-format"] = "parquet" });

        Assert.Equal("jr_0123456789abcdef", runId);
        var request = Assert.Single(service.Requests);
        Assert.Equal("AWSGlue.StartJobRun", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        var body = JsonNode.Parse(request.Text)!.AsObject();
        Assert.Equal("etl-convert", body["JobName"]!.GetValue<string>());
        var arguments = body["Arguments"]!.AsObject();
        Assert.Equal("job-1", arguments["--job-id"]!.GetValue<string>());
        Assert.Equal("uploads/job-1/big file.json", arguments["--input-key"]!.GetValue<string>());
        Assert.Equal("parquet", arguments["--output-format"]!.GetValue<string>());
        LoopbackAwsService.AssertSignedBySmithy(request, "glue", "us-east-1", AccessKey, SecretKey);
    }

    [Fact]
    public async Task An_unknown_job_is_a_clear_error()
    {
        using var service = new LoopbackAwsService();
        service.Answer(400, """{"__type":"EntityNotFoundException","Message":"Job etl-convert not found"}""");
        using var client = new AwsJsonClient(AwsJsonService.Glue, service.Endpoint, "us-east-1", new BasicAWSCredentials(AccessKey, SecretKey), 2, TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => new GlueJobClient(client, "etl-convert").StartJobRunAsync("job-1", "uploads/job-1/a.json"));

        Assert.Equal("EntityNotFoundException", error.Code);
        Assert.Contains("Glue StartJobRun failed with EntityNotFoundException (HTTP 400): Job etl-convert not found", error.Message);
        Assert.Single(service.Requests);
    }
}
