using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>Each HTTP role answers its own routes of the real Etl.Api endpoints and 404 (a problem document) on every other.</summary>
public sealed class RoleTests
{
    // One request per endpoint group, with the status its endpoint gives when the group is mapped: never 404, so a
    // 404 can only mean "not mapped here".
    internal static readonly (string Group, Func<JsonObject> Event, int Status)[] Probes =
    [
        ("upload", () => AwsEvents.HttpApiV2("POST", "/upload", body: "x"u8.ToArray(), contentType: "text/plain"), 415),
        ("trigger", () => AwsEvents.HttpApiV2Json("POST", "/trigger-job", "{}"), 400),
        ("status", () => AwsEvents.HttpApiV2("GET", "/jobs", query: "limit=5"), 200),
        ("download", () => AwsEvents.HttpApiV2("GET", $"/download/{Guid.NewGuid()}", query: "artifact=nonsense"), 400),
        ("agent", () => AwsEvents.HttpApiV2Json("POST", "/agent-invoke", "{\"prompt\":\"staging models\"}"), 400),
        ("datasets", () => AwsEvents.HttpApiV2("GET", "/datasets"), 200),
        ("health", () => AwsEvents.HttpApiV2("GET", "/health"), 200),
        ("openapi", () => AwsEvents.HttpApiV2("GET", "/openapi/v1.json"), 200),
    ];

    public static TheoryData<string, string[]> Roles => new()
    {
        { HandlerRoles.Api, ["upload", "trigger", "status", "download", "agent", "datasets", "health", "openapi"] },
        { HandlerRoles.Upload, ["upload"] },
        { HandlerRoles.Trigger, ["trigger"] },
        { HandlerRoles.Status, ["status"] },
        { HandlerRoles.Download, ["download"] },
        { HandlerRoles.Agent, ["agent"] },
        { HandlerRoles.Datasets, ["datasets"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_role_answers_only_its_own_routes(string role, string[] own)
    {
        using var data = new TempDirectory();
        await using var function = await LambdaFunction.StartAsync(role, data.Path);

        foreach (var (group, e, status) in Probes)
        {
            var outcome = await function.InvokeAsync(e().ToJsonString());
            Assert.False(outcome.IsError, outcome.Text);
            var response = outcome.Json;
            var actual = response.GetProperty("statusCode").GetInt32();
            if (own.Contains(group))
            {
                Assert.True(status == actual, $"{role}: {group} answered {actual}, expected {status}: {outcome.Text}");
            }
            else
            {
                Assert.True(actual == 404, $"{role}: {group} answered {actual}, expected 404: {outcome.Text}");
                Assert.Equal("application/problem+json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
                Assert.StartsWith("There is no endpoint at", AwsEvents.BodyJson(response).GetProperty("detail").GetString());
            }
        }
    }

    [Fact]
    public async Task The_same_routes_answer_REST_API_events()
    {
        using var data = new TempDirectory();
        await using var function = await LambdaFunction.StartAsync(HandlerRoles.Status, data.Path);

        var outcome = await function.InvokeAsync(AwsEvents.RestApiV1("GET", "/jobs").ToJsonString());

        var response = outcome.Json;
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Array, AwsEvents.BodyJson(response).GetProperty("jobs").ValueKind);
        Assert.True(response.TryGetProperty("multiValueHeaders", out _));
    }

    [Theory]
    [InlineData("s3-object-created.json")]
    [InlineData("eventbridge-s3-object-created.json")]
    [InlineData("stepfunctions-error-template.json")]
    public async Task An_event_that_is_not_from_API_Gateway_is_a_function_error_named_UnrecognizedEvent(string sample)
    {
        using var data = new TempDirectory();
        await using var function = await LambdaFunction.StartAsync(HandlerRoles.Api, data.Path);

        var outcome = await function.InvokeAsync(AwsEvents.Sample(sample).ToJsonString());

        Assert.True(outcome.IsError);
        Assert.Equal("UnrecognizedEvent", outcome.ErrorType);
        Assert.Contains("API Gateway", outcome.Json.GetProperty("errorMessage").GetString());
    }
}
