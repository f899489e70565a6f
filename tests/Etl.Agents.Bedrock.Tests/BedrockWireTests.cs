using System.Text.Json.Nodes;
using Etl.Agents.Chat;
using Etl.Agents.Tests.Chat;
using Etl.Core.Agents;

namespace Etl.Agents.Bedrock.Tests;

/// <summary>
/// The bedrock agent end to end over the wire: the real SDK client built by <see cref="BedrockChatClientFactory"/>
/// against <see cref="FakeBedrock"/>, every request's path, headers, body and SigV4 signature checked.
/// </summary>
public sealed class BedrockWireTests : IAsyncLifetime
{
    private const string Region = "eu-west-3";
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//session+token=";
    private const string InvokePath = "/model/global.anthropic.claude-haiku-4-5-20251001-v1:0/invoke";

    private FakeBedrock fake = null!;

    public async Task InitializeAsync() => fake = await FakeBedrock.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private BedrockSettings Settings(Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = Region,
            ["AWS_ACCESS_KEY_ID"] = AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_SESSION_TOKEN"] = SessionToken,
            ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = fake.Endpoint.AbsoluteUri,
        };
        foreach (var (name, value) in extra ?? []) environment[name] = value;
        return BedrockSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
    }

    private async Task<IProjectAgent> Agent(Dictionary<string, string>? extra = null) =>
        await BedrockChatClientFactory.CreateAgentAsync(Settings(extra));

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static ProjectPlan Plan() => System.Text.Json.JsonSerializer.Deserialize<ProjectPlan>(ShopCatalog.GoodPlan, Web)!;

    private static JsonArray Messages(InvokeRequest request) => request.Json["messages"]!.AsArray();

    /// <summary>A content field as text: a string, or the text of its blocks.</summary>
    private static string Text(JsonNode content) => content is JsonArray blocks
        ? string.Concat(blocks.Select(b => b!["text"]?.GetValue<string>()))
        : content.GetValue<string>();

    [Fact]
    public async Task A_good_plan_is_one_signed_InvokeModel_call_in_Bedrocks_wire_format()
    {
        fake.AnswerTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan, inputTokens: 2345, outputTokens: 678);

        var agent = await Agent();
        var step = await agent.PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(("bedrock", "global.anthropic.claude-haiku-4-5-20251001-v1:0"), (agent.Name, agent.Model));
        Assert.Equal(["stg_shop__orders", "stg_shop__customers", "fct_daily_revenue"], step.Result.Models.Select(m => m.Name));
        var call = Assert.Single(step.Calls);
        Assert.Equal((2345, 678), (call.InputTokens, call.OutputTokens));
        Assert.Equal("global.anthropic.claude-haiku-4-5-20251001-v1:0", call.Model);
        Assert.Equal(0.005735m, call.CostUsd); // 2345 × $1/M + 678 × $5/M
        Assert.Equal(1, call.Attempts);
        Assert.Contains("\"name\": \"submit_plan\"", call.Response, StringComparison.Ordinal);

        var request = Assert.Single(fake.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal(InvokePath, Uri.UnescapeDataString(request.RawTarget));
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/{DateTime.UtcNow:yyyyMMdd}/{Region}/bedrock/aws4_request, SignedHeaders=",
            request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("application/json", request.Header("X-Amzn-Bedrock-Accept"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("anthropic-version"));

        var body = request.Json;
        Assert.Equal("bedrock-2023-05-31", body["anthropic_version"]!.GetValue<string>());
        Assert.Equal(5000, body["max_tokens"]!.GetValue<int>());
        Assert.Equal(0.2, body["temperature"]!.GetValue<double>());
        Assert.False(body.ContainsKey("model"));
        Assert.False(body.ContainsKey("stream"));
        var tool = Assert.Single(body["tools"]!.AsArray())!;
        Assert.Equal("submit_plan", tool["name"]!.GetValue<string>());
        Assert.Equal("object", tool["input_schema"]!["type"]!.GetValue<string>());
        Assert.NotNull(tool["input_schema"]!["properties"]!["models"]);
        Assert.Equal("tool", body["tool_choice"]!["type"]!.GetValue<string>());
        Assert.Equal("submit_plan", body["tool_choice"]!["name"]!.GetValue<string>());
        Assert.Contains("data_tests", Text(body["system"]!), StringComparison.Ordinal);
        var user = Assert.Single(Messages(request))!;
        Assert.Equal("user", user["role"]!.GetValue<string>());
        Assert.Contains("shop.orders — 120 rows", Text(user["content"]!), StringComparison.Ordinal);

        fake.AssertSigned(Region, AccessKey, SecretKey, SessionToken);
    }

    [Fact]
    public async Task Malformed_tool_output_goes_back_as_an_error_tool_result_and_the_corrected_plan_is_taken()
    {
        var malformed = JsonNode.Parse(ShopCatalog.GoodPlan)!;
        malformed["models"]![2]!["layer"] = "gold";
        fake.AnswerTool(ProjectTools.SubmitPlan, malformed.ToJsonString())
            .AnswerTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);

        var step = await (await Agent()).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal("marts", step.Result.Models[2].Layer);
        Assert.Equal(2, step.Calls.Count);
        var received = fake.Received;
        Assert.Equal(2, received.Count);
        var messages = Messages(received[1]);
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var toolUse = messages[1]!["content"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "tool_use")!;
        Assert.Equal("gold", toolUse["input"]!["models"]![2]!["layer"]!.GetValue<string>());
        var result = messages[2]!["content"]!.AsArray().Single()!;
        Assert.Equal("tool_result", result["type"]!.GetValue<string>());
        Assert.Equal(toolUse["id"]!.GetValue<string>(), result["tool_use_id"]!.GetValue<string>());
        Assert.True(result["is_error"]!.GetValue<bool>());
        Assert.Contains("/models/2/layer", Text(result["content"]!), StringComparison.Ordinal);
        Assert.All(received, r => Assert.Equal("bedrock-2023-05-31", r.Json["anthropic_version"]!.GetValue<string>()));

        fake.AssertSigned(Region, AccessKey, SecretKey, SessionToken);
    }

    [Fact]
    public async Task A_hallucinated_column_is_caught_by_grounding_sent_back_with_the_real_columns_and_repaired()
    {
        fake.AnswerTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "order_total"), 5000, 1500)
            .AnswerTool(ProjectTools.SubmitFiles, ShopCatalog.Files(), 6600, 1500);

        var step = await (await Agent()).GenerateAsync(ShopCatalog.Context, Plan(), CancellationToken.None);

        Assert.Contains("sum(amount)", step.Result[ShopCatalog.RevenuePath], StringComparison.Ordinal);
        Assert.DoesNotContain(step.Decisions, d => d.Confidence == 0);
        Assert.Equal([0.0125m, 0.0141m], step.Calls.Select(c => c.CostUsd));
        var received = fake.Received;
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal("submit_files", r.Json["tool_choice"]!["name"]!.GetValue<string>()));
        var error = Text(Messages(received[1])[2]!["content"]![0]!["content"]!);
        Assert.Contains("column 'order_total' does not exist in model stg_shop__orders", error, StringComparison.Ordinal);
        Assert.Contains("amount, created_at, customer_id", error, StringComparison.Ordinal);

        fake.AssertSigned(Region, AccessKey, SecretKey, SessionToken);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_counted_as_attempts_of_one_call()
    {
        fake.AnswerThrottled().AnswerTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);

        var step = await (await Agent()).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(3, step.Result.Models.Count);
        var call = Assert.Single(step.Calls);
        Assert.Equal(2, call.Attempts);
        var received = fake.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Text(), received[1].Text());
        Assert.Equal(["0", "1"], received.Select(r => r.Header("x-stainless-retry-count")));

        fake.AssertSigned(Region, AccessKey, SecretKey, SessionToken);
    }

    [Fact]
    public async Task A_server_error_is_retried_too()
    {
        fake.AnswerServerError(503).AnswerTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);

        var step = await (await Agent()).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(2, Assert.Single(step.Calls).Attempts);
        Assert.Equal(2, fake.Received.Count);
    }

    [Fact]
    public async Task Throttling_past_the_retries_fails_the_call_with_the_status_and_what_to_do()
    {
        fake.AnswerThrottled("0").AnswerThrottled("0");

        var agent = await Agent(new Dictionary<string, string> { ["ETL_AGENT_MAX_RETRIES"] = "1" });
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => agent.PlanAsync(ShopCatalog.Context, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.StartsWith("Bedrock InvokeModel for global.anthropic.claude-haiku-4-5-20251001-v1:0 in eu-west-3 failed with HTTP 429 after 2 attempt(s)",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("raise the account's Bedrock quota", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, fake.Received.Count);
    }

    [Fact]
    public async Task A_model_that_keeps_failing_is_reported_failing_after_three_repair_rounds()
    {
        var agent = await Agent();
        for (var i = 0; i < 3 * ToolConversation.DefaultMaxAttempts; i++)
        {
            fake.AnswerTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "order_total"));
        }
        var files = new ProjectFiles(new Dictionary<string, string>
        {
            [ShopCatalog.OrdersPath] = ShopCatalog.OrdersSql,
            [ShopCatalog.RevenuePath] = ShopCatalog.RevenueSql("order_total"),
        });
        var report = new ValidationReport(false, [],
            [new ModelRun("fct_daily_revenue", ShopCatalog.RevenuePath, "table", false, null, null,
                "Binder Error: Referenced column \"order_total\" not found in FROM clause!", 4, [])], [], []);

        var decisions = new List<AgentDecision>();
        for (var round = 1; round <= 3; round++)
        {
            var step = await agent.RefineAsync(ShopCatalog.Context, Plan(), files, report, CancellationToken.None);
            Assert.Equal(ToolConversation.DefaultMaxAttempts, step.Calls.Count);
            files = step.Result;
            decisions.AddRange(step.Decisions);
        }

        Assert.Contains("sum(order_total)", files[ShopCatalog.RevenuePath], StringComparison.Ordinal);
        var failures = decisions.Where(d => d.Confidence == 0).ToList();
        Assert.Equal(3, failures.Count);
        Assert.All(failures, d => Assert.StartsWith("repair: ungrounded or invalid output kept after 3 attempts", d.Action, StringComparison.Ordinal));
        Assert.All(failures, d => Assert.Contains("column 'order_total' does not exist", d.Reasoning, StringComparison.Ordinal));
        var received = fake.Received;
        Assert.Equal(9, received.Count);
        Assert.All(received, r => Assert.Contains("Binder Error: Referenced column \"order_total\" not found", Text(Messages(r)[0]!["content"]!), StringComparison.Ordinal));

        fake.AssertSigned(Region, AccessKey, SecretKey, SessionToken);
    }
}
