using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>
/// The deployed shape in miniature: one function per role over one data directory (the local backend), each with
/// its own fake Runtime API, and the test playing API Gateway, S3 and the state machine.
/// </summary>
public sealed class Product : IAsyncDisposable
{
    private readonly Dictionary<string, LambdaFunction> _functions = [];

    public TempDirectory Data { get; } = new();

    public RecordingStarter Starts { get; } = new();

    public static async Task<Product> StartAsync(IReadOnlyDictionary<string, string>? settings = null, params string[] roles)
    {
        var product = new Product();
        foreach (var role in roles)
        {
            product._functions[role] = await LambdaFunction.StartAsync(role, product.Data.Path, product.Starts, settings);
        }

        return product;
    }

    public LambdaFunction this[string role] => _functions[role];

    /// <summary>POST /upload, multipart with the file in field 'file', as API Gateway delivers it: a base64 body.</summary>
    public async Task<JsonElement> UploadAsync(string fileName, byte[] bytes, bool restApi = false)
    {
        using var form = new MultipartFormDataContent("etl-test-boundary");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var body = await form.ReadAsByteArrayAsync();
        var contentType = form.Headers.ContentType!.ToString();
        var e = restApi
            ? AwsEvents.RestApiV1("POST", "/upload", body, contentType)
            : AwsEvents.HttpApiV2("POST", "/upload", body: body, contentType: contentType);
        return await HttpAsync(HandlerRoles.Upload, e);
    }

    public Task<JsonElement> TriggerAsync(string jobId, string? outputFormat = null) =>
        HttpAsync(HandlerRoles.Trigger, AwsEvents.HttpApiV2Json("POST", "/trigger-job",
            outputFormat is null ? $"{{\"jobId\":\"{jobId}\"}}" : $"{{\"jobId\":\"{jobId}\",\"outputFormat\":\"{outputFormat}\"}}"));

    public Task<JsonElement> StatusAsync(string jobId) =>
        HttpAsync(HandlerRoles.Status, AwsEvents.HttpApiV2("GET", $"/job-status/{jobId}", routeKey: "GET /job-status/{jobId}",
            pathParameters: new Dictionary<string, string> { ["jobId"] = jobId }));

    public Task<JsonElement> DownloadAsync(string jobId) =>
        HttpAsync(HandlerRoles.Download, AwsEvents.HttpApiV2("GET", $"/download/{jobId}"));

    /// <summary>One worker task, as a state machine's Task state sends it.</summary>
    public Task<RuntimeOutcome> WorkerAsync(JsonObject payload) => this[HandlerRoles.Worker].InvokeAsync(payload.ToJsonString());

    /// <summary>An HTTP role's proxy response; a function error fails the test.</summary>
    public async Task<JsonElement> HttpAsync(string role, JsonNode e)
    {
        var outcome = await this[role].InvokeAsync(e.ToJsonString());
        Assert.False(outcome.IsError, outcome.Text);
        return outcome.Json;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var function in _functions.Values)
        {
            await function.DisposeAsync();
        }

        Data.Dispose();
    }
}
