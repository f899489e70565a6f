using System.Text.Json;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>The compiled bootstrap as Lambda runs it: a process that finds the Runtime API in its environment.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task The_bootstrap_process_answers_an_API_Gateway_event_through_the_Runtime_API()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        using var process = BootstrapProcess.Start(LambdaFunction.Environment(HandlerRoles.Api, data.Path, api.HostAndPort));

        var outcome = await api.InvokeAsync(AwsEvents.HttpApiV2("GET", "/health").ToJsonString());

        Assert.False(outcome.IsError, outcome.Text);
        Assert.Equal(200, outcome.Json.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", AwsEvents.BodyJson(outcome.Json).GetProperty("status").GetString());
        Assert.Empty(api.Violations);
        Assert.All(process.Stdout, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public async Task The_bootstrap_process_reports_a_bad_configuration_on_init_error_and_exits_1()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = LambdaFunction.Environment(HandlerRoles.Worker, data.Path, api.HostAndPort);
        environment["ETL_BACKEND"] = "cloud";
        using var process = BootstrapProcess.Start(environment);

        var exitCode = await process.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        var error = await api.InitError;
        Assert.Equal("InvalidConfiguration", error.ErrorType);
        Assert.Contains("ETL_BACKEND=cloud", error.Json.GetProperty("errorMessage").GetString());
        Assert.Empty(api.Violations);
    }
}
