using Etl.Aws.Configuration;
using Etl.Aws.Storage;

namespace Etl.Aws.Tests;

/// <summary>How the AWS backend reads its environment: buckets by key prefix, endpoints by the SDKs' precedence, clear errors.</summary>
public sealed class AwsSettingsTests
{
    private static AwsSettings Read(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return AwsSettings.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Three_buckets_split_the_layout_by_key_prefix()
    {
        var settings = Read(("AWS_REGION", "eu-west-1"), ("ETL_INPUT_BUCKET", "in"), ("ETL_OUTPUT_BUCKET", "out"), ("ETL_ARTIFACTS_BUCKET", "art"));
        Assert.Equal(("in", "out", "art", "art"), (settings.Buckets.For("uploads/j/a.json"), settings.Buckets.For("output/j/a.ndjson"),
            settings.Buckets.For("runs/j/profile.json"), settings.Buckets.For("runs/run_20260101_000000_j/dbt_project.zip")));
        Assert.Equal((AwsSettings.DefaultJobsTable, "eu-west-1", (Uri?)null), (settings.JobsTable, settings.Region, settings.S3Endpoint));
    }

    [Fact]
    public void One_bucket_holds_everything()
    {
        var settings = Read(("AWS_DEFAULT_REGION", "us-east-1"), ("ETL_OUTPUT_BUCKET", "only"));
        Assert.Equal(S3Buckets.Single("only"), settings.Buckets);
    }

    [Fact]
    public void A_service_endpoint_wins_over_the_shared_one()
    {
        var settings = Read(("AWS_REGION", "us-east-1"), ("ETL_INPUT_BUCKET", "b"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2"));
        Assert.Equal((new Uri("http://127.0.0.1:2"), new Uri("http://127.0.0.1:1")), (settings.S3Endpoint, settings.DynamoDbEndpoint));
    }

    [Fact]
    public void Step_Functions_and_Glue_are_named_by_their_own_variables()
    {
        var settings = Read(("AWS_REGION", "eu-west-1"), ("ETL_INPUT_BUCKET", "b"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:3"), ("ETL_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:1:stateMachine:p"),
            ("ETL_AGENT_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:1:stateMachine:a"), ("ETL_GLUE_JOB", "etl-convert"));
        Assert.Equal((new Uri("http://127.0.0.1:3"), new Uri("http://127.0.0.1:1")), (settings.StepFunctionsEndpoint, settings.GlueEndpoint));
        Assert.Equal(("arn:aws:states:eu-west-1:1:stateMachine:p", "arn:aws:states:eu-west-1:1:stateMachine:a", "etl-convert"),
            (settings.StateMachineArn, settings.AgentStateMachineArn, settings.GlueJob));
    }

    [Fact]
    public void Without_endpoints_the_json_services_use_the_regional_ones()
    {
        var settings = Read(("AWS_REGION", "eu-west-1"), ("ETL_INPUT_BUCKET", "b"));
        Assert.Equal(((Uri?)null, (Uri?)null), (settings.StepFunctionsEndpoint, settings.GlueEndpoint));
        Assert.Equal(new Uri("https://states.eu-west-1.amazonaws.com/"), Etl.Aws.Json.AwsJsonService.StepFunctions.RegionalEndpoint(settings.Region));
        Assert.Equal(new Uri("https://glue.eu-west-1.amazonaws.com/"), Etl.Aws.Json.AwsJsonService.Glue.RegionalEndpoint(settings.Region));
    }

    [Theory]
    [InlineData("AWS_REGION", "", "AWS_REGION is not set")]
    [InlineData("ETL_OUTPUT_BUCKET", "", "No bucket is set")]
    [InlineData("ETL_INPUT_BUCKET", "in", "ETL_ARTIFACTS_BUCKET is not set")]
    [InlineData("AWS_ENDPOINT_URL_S3", "127.0.0.1:4568", "is not an http(s) URL")]
    [InlineData("ETL_S3_PART_BYTES", "1048576", "ETL_S3_PART_BYTES=1048576 is not a whole number from 5242880")]
    [InlineData("ETL_S3_UPLOAD_CREATE_ONLY", "yes", "is not true or false")]
    public void A_missing_or_malformed_setting_is_named(string name, string value, string expected)
    {
        var variables = new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["ETL_OUTPUT_BUCKET"] = "out" };
        variables[name] = value;
        var error = Assert.Throws<AwsSettingsException>(() => AwsSettings.FromEnvironment(n => variables.GetValueOrDefault(n) is { Length: > 0 } v ? v : null));
        Assert.Contains(expected, error.Message);
    }
}
