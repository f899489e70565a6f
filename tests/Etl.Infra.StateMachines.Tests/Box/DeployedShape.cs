using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Aws.Tests;
using Etl.Lambda.Tests;

namespace Etl.Infra.StateMachines.Tests.Box;

/// <summary>
/// The deployed shape in a box: the real <c>bootstrap</c> twice — in the <c>api</c> role (API Gateway HTTP API v2
/// events) and the <c>worker</c> role (Task payloads), each behind its own fake Runtime API, both on ETL_BACKEND=aws over
/// s3rver and dynalite — and Step Functions as <see cref="StepFunctionsBox"/> running the definitions extracted from
/// the synthesized template. The api role finds the box through AWS_ENDPOINT_URL_SFN and the state machines through
/// ETL_STATE_MACHINE_ARN / ETL_AGENT_STATE_MACHINE_ARN, as a deployed function finds the real ones.
/// </summary>
public sealed class DeployedShape : IAsyncLifetime
{
    public const string ConvertMachine = $"arn:aws:states:{SynthesizedStateMachines.Region}:{SynthesizedStateMachines.Account}:stateMachine:etl-pipeline";
    public const string AgentMachine = $"arn:aws:states:{SynthesizedStateMachines.Region}:{SynthesizedStateMachines.Account}:stateMachine:etl-agent-pipeline";

    /// <summary>
    /// The worker's S3 client tries twice (ETL_AWS_MAX_RETRIES=1), so two injected faults exhaust it and the stage
    /// fails with TransientError for the state machine's Retry, as a longer outage would on AWS.
    /// </summary>
    public const int WorkerS3Attempts = 2;

    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = new();
    private BootstrapProcess? _workerProcess;
    private BootstrapProcess? _apiProcess;
    private BootstrapProcess? _agentProcess;

    public AwsEmulators Aws { get; } = new();

    public string InputBucket { get; } = $"in-{Guid.NewGuid():N}";

    public string OutputBucket { get; } = $"out-{Guid.NewGuid():N}";

    public string ArtifactsBucket { get; } = $"art-{Guid.NewGuid():N}";

    public FakeRuntimeApi WorkerApi { get; private set; } = null!;

    public FakeRuntimeApi Api { get; private set; } = null!;

    /// <summary>The agent role's function: POST /agent-invoke goes there, as API Gateway routes it in the deployed app.</summary>
    public FakeRuntimeApi AgentApi { get; private set; } = null!;

    public StepFunctionsBox StepFunctions { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var synthesized = SynthesizedStateMachines.Instance;
        using (var s3 = Aws.S3Client())
        {
            foreach (var bucket in new[] { InputBucket, OutputBucket, ArtifactsBucket })
            {
                await s3.PutBucketAsync(bucket);
            }
        }

        var table = Aws.NewTable();
        var definitions = Directory.CreateDirectory(Path.Combine(_data.Path, "definitions")).FullName;
        File.WriteAllText(Path.Combine(definitions, "convert.json"), synthesized.Convert.ToJsonString());
        File.WriteAllText(Path.Combine(definitions, "agent.json"), synthesized.Agent.ToJsonString());

        WorkerApi = await FakeRuntimeApi.StartAsync();
        StepFunctions = await StepFunctionsBox.StartAsync(WorkerApi, synthesized.WorkerArn, new Dictionary<string, string>
        {
            [ConvertMachine] = Path.Combine(definitions, "convert.json"),
            [AgentMachine] = Path.Combine(definitions, "agent.json"),
        });
        Api = await FakeRuntimeApi.StartAsync();
        _workerProcess = BootstrapProcess.Start(Environment("worker", WorkerApi, table, new() { ["ETL_AWS_MAX_RETRIES"] = $"{WorkerS3Attempts - 1}" }));
        var starts = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SFN"] = StepFunctions.Endpoint.AbsoluteUri,
            ["ETL_STATE_MACHINE_ARN"] = ConvertMachine,
            ["ETL_AGENT_STATE_MACHINE_ARN"] = AgentMachine,
        };
        // As deployed: the HTTP roles on the api build (ETL_BOOTSTRAP_API: the NativeAOT one), the agent role on the full one.
        _apiProcess = BootstrapProcess.Start(Environment("api", Api, table, new(starts)), BootstrapProcess.ApiExecutable);
        AgentApi = await FakeRuntimeApi.StartAsync();
        _agentProcess = BootstrapProcess.Start(Environment("agent", AgentApi, table, new(starts)));
    }

    private Dictionary<string, string> Environment(string role, FakeRuntimeApi runtime, string table, Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtime.HostAndPort,
            ["AWS_LAMBDA_FUNCTION_NAME"] = $"etl-{role}",
            ["ETL_HANDLER"] = role,
            ["ETL_BACKEND"] = "aws",
            ["ETL_AGENT"] = "offline",
            // Lambda's /tmp: the catalog's SQLite lives here until the Glue Data Catalog adapter exists (one shared
            // directory stands for the warm environments of both functions).
            ["ETL_DATA_DIR"] = _data.Path,
            ["ETL_SCRATCH_DIR"] = Path.Combine(_data.Path, "scratch-" + role),
            ["AWS_REGION"] = AwsEmulators.Region,
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_ENDPOINT_URL_S3"] = Aws.S3.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = Aws.DynamoDb.Endpoint.AbsoluteUri,
            ["ETL_INPUT_BUCKET"] = InputBucket,
            ["ETL_OUTPUT_BUCKET"] = OutputBucket,
            ["ETL_ARTIFACTS_BUCKET"] = ArtifactsBucket,
            ["ETL_JOBS_TABLE"] = table,
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    /// <summary>One API Gateway HTTP API v2 event through the api role; the proxy response.</summary>
    public async Task<JsonElement> HttpAsync(JsonObject apiGatewayEvent)
    {
        var runtime = apiGatewayEvent["rawPath"]?.GetValue<string>() == "/agent-invoke" ? AgentApi : Api;
        var outcome = await runtime.InvokeAsync(apiGatewayEvent.ToJsonString());
        Assert.False(outcome.IsError, outcome.Text);
        return outcome.Json;
    }

    /// <summary>POST /upload {fileName} (no size announced), then the bytes PUT to the presigned URL on s3rver; the job id.</summary>
    public async Task<string> UploadAsync(string fileName, byte[] bytes)
    {
        var created = await HttpAsync(AwsEvents.HttpApiV2Json("POST", "/upload", new JsonObject { ["fileName"] = fileName }.ToJsonString()));
        Assert.Equal(201, created.GetProperty("statusCode").GetInt32());
        var body = AwsEvents.BodyJson(created);
        var uploadUrl = new Uri(body.GetProperty("uploadUrl").GetString()!);
        Assert.Equal(Aws.S3.Endpoint.Authority, uploadUrl.Authority);
        using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // As deployed, the input is sealed: the URL signs If-None-Match: *, which the client must send (the emulator
        // refuses a request missing a signed header, as S3 does).
        Assert.Equal("*", body.GetProperty("uploadHeaders").GetProperty("If-None-Match").GetString());
        foreach (var header in body.GetProperty("uploadHeaders").EnumerateObject())
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        using var put = await _http.SendAsync(request);
        Assert.True(put.IsSuccessStatusCode, $"PUT {uploadUrl}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return body.GetProperty("jobId").GetString()!;
    }

    /// <summary>POST /trigger-job; expects 202.</summary>
    public async Task TriggerAsync(JsonObject request)
    {
        var triggered = await HttpAsync(AwsEvents.HttpApiV2Json("POST", "/trigger-job", request.ToJsonString()));
        Assert.True(202 == triggered.GetProperty("statusCode").GetInt32(), triggered.ToString());
    }

    /// <summary>GET /job-status/{jobId}: the job record.</summary>
    public async Task<JsonElement> StatusAsync(string jobId)
    {
        var status = await HttpAsync(AwsEvents.HttpApiV2("GET", $"/job-status/{jobId}"));
        Assert.Equal(200, status.GetProperty("statusCode").GetInt32());
        return AwsEvents.BodyJson(status);
    }

    /// <summary>GET /download/{jobId}?artifact=…, then the presigned GET from s3rver; the bytes.</summary>
    public async Task<byte[]> DownloadAsync(string jobId, string artifact = "output")
    {
        var link = await HttpAsync(AwsEvents.HttpApiV2("GET", $"/download/{jobId}", query: $"artifact={artifact}"));
        Assert.True(200 == link.GetProperty("statusCode").GetInt32(), link.ToString());
        var url = new Uri(AwsEvents.BodyJson(link).GetProperty("downloadUrl").GetString()!);
        Assert.Equal(Aws.S3.Endpoint.Authority, url.Authority);
        return await _http.GetByteArrayAsync(url);
    }

    /// <summary>The local product on the same file: <c>etl convert IN OUT</c> (the etl.dll built beside the tests).</summary>
    public static byte[] ConvertLocally(string fileName, byte[] input, string outputExtension)
    {
        using var folder = new TempDirectory();
        var inputPath = Path.Combine(folder.Path, fileName);
        var outputPath = Path.Combine(folder.Path, "out" + outputExtension);
        File.WriteAllBytes(inputPath, input);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "etl.dll"), "convert", inputPath, outputPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "etl convert did not finish");
        Assert.True(process.ExitCode == 0, $"etl convert exited with {process.ExitCode}: {stderr.Result}");
        return File.ReadAllBytes(outputPath);
    }

    /// <summary>Both functions' log lines, for a failure message.</summary>
    public string Logs => new StringBuilder()
        .AppendLine("--- worker ---").AppendJoin('\n', _workerProcess?.Stdout ?? [])
        .AppendLine().AppendLine("--- api ---").AppendJoin('\n', _apiProcess?.Stdout ?? [])
        .ToString();

    public async Task DisposeAsync()
    {
        var violations = Api.Violations.Concat(WorkerApi.Violations).ToList();
        await StepFunctions.DisposeAsync();
        _apiProcess?.Dispose();
        _agentProcess?.Dispose();
        _workerProcess?.Dispose();
        await Api.DisposeAsync();
        if (AgentApi is not null) await AgentApi.DisposeAsync();
        await WorkerApi.DisposeAsync();
        Aws.Dispose();
        _http.Dispose();
        _data.Dispose();
        Assert.Empty(violations);
    }
}
