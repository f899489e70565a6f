using System.Text.Json.Nodes;
using Etl.Agents.Chat;
using Etl.Core.Agents;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Tests.Chat;

public sealed class ChatProjectAgentTests
{
    private static ChatProjectAgent Agent(ScriptedChatClient client) =>
        new(client, "bedrock", "global.anthropic.claude-haiku-4-5-20251001-v1:0", ModelPrices.ClaudeHaiku45);

    private static async Task<ProjectPlan> Plan()
    {
        var client = new ScriptedChatClient().ThenTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);
        return (await Agent(client).PlanAsync(ShopCatalog.Context, CancellationToken.None)).Result;
    }

    [Fact]
    public async Task A_plan_comes_from_one_required_tool_call_over_the_catalog_and_is_recorded_with_its_cost()
    {
        var client = new ScriptedChatClient().ThenTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan, inputTokens: 2000, outputTokens: 400);
        var agent = Agent(client);

        var step = await agent.PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal("bedrock", agent.Name);
        Assert.Equal("global.anthropic.claude-haiku-4-5-20251001-v1:0", agent.Model);
        Assert.Equal(["stg_shop__orders", "stg_shop__customers", "fct_daily_revenue"], step.Result.Models.Select(m => m.Name));
        Assert.Equal("shop", step.Result.SourceName);
        Assert.Contains(step.Decisions, d => d.Action == "add mart fct_daily_revenue" && d.Confidence == 0.85);
        var call = Assert.Single(step.Calls);
        Assert.Equal(2000, call.InputTokens);
        Assert.Equal(400, call.OutputTokens);
        Assert.Equal(0.004m, call.CostUsd); // 2000 × $1/M + 400 × $5/M
        Assert.Equal(1, call.Attempts);
        Assert.Contains("submit_plan", call.Response, StringComparison.Ordinal);
        Assert.Contains("stg_shop__orders", call.Response, StringComparison.Ordinal);

        var (messages, options) = Assert.Single(client.Received);
        Assert.Equal(ChatToolMode.RequireSpecific(ProjectTools.SubmitPlan), options!.ToolMode);
        var tool = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(options.Tools!));
        Assert.Equal(ProjectTools.SubmitPlan, tool.Name);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains("data_tests", messages[0].Text, StringComparison.Ordinal);
        var user = messages[1].Text;
        Assert.Contains("shop.orders — 120 rows", user, StringComparison.Ordinal);
        Assert.Contains("foreign key: customer_id → customers.id", user, StringComparison.Ordinal);
        Assert.Contains("- status STRING values: 'paid', 'pending', 'refunded'", user, StringComparison.Ordinal);
        Assert.Contains("a daily revenue mart", user, StringComparison.Ordinal);
        Assert.Equal(user, call.Prompt[(call.Prompt.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public async Task Malformed_tool_input_goes_back_as_the_tools_error_and_the_correction_is_taken()
    {
        var malformed = JsonNode.Parse(ShopCatalog.GoodPlan)!;
        malformed["models"]![0]!["decision"]!["confidence"] = 1.7;
        malformed["models"]![1]!.AsObject().Remove("description");
        var client = new ScriptedChatClient()
            .ThenTool(ProjectTools.SubmitPlan, malformed.ToJsonString())
            .ThenTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);

        var step = await Agent(client).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(3, step.Result.Models.Count);
        Assert.Equal(2, step.Calls.Count);
        var second = client.Received[1].Messages;
        var result = Assert.Single(second[^1].Contents.OfType<FunctionResultContent>());
        Assert.Equal(ChatRole.Tool, second[^1].Role);
        Assert.NotNull(result.Exception);
        var error = (string)result.Result!;
        Assert.Contains("/models/0/decision/confidence", error, StringComparison.Ordinal);
        Assert.Contains("/models/1", error, StringComparison.Ordinal);
        Assert.Contains("description", error, StringComparison.Ordinal);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(second[^2].Contents));
        Assert.Equal(call.CallId, result.CallId);
        Assert.Contains("[tool result, error]", step.Calls[1].Prompt, StringComparison.Ordinal);
        Assert.Contains(step.Decisions, d => d.Reasoning.Contains("after 2 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plan_input_that_is_not_a_catalog_table_is_rejected_with_the_real_tables()
    {
        var client = new ScriptedChatClient()
            .ThenTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan.Replace("shop:customers", "shop:clients", StringComparison.Ordinal))
            .ThenTool(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);

        var step = await Agent(client).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(2, step.Calls.Count);
        var error = (string)client.Received[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains("input 'shop:clients' is not a table of the catalog; the tables are shop:orders, shop:customers", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hallucinated_column_is_caught_by_grounding_and_repaired_in_the_next_round()
    {
        var plan = await Plan();
        var client = new ScriptedChatClient()
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "order_total"))
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files());

        var step = await Agent(client).GenerateAsync(ShopCatalog.Context, plan, CancellationToken.None);

        Assert.Equal(2, step.Calls.Count);
        Assert.Contains("sum(amount)", step.Result[ShopCatalog.RevenuePath], StringComparison.Ordinal);
        Assert.Equal(4, step.Result.Count);
        var error = (string)client.Received[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains($"{ShopCatalog.RevenuePath}:4: column 'order_total' does not exist in model stg_shop__orders", error, StringComparison.Ordinal);
        Assert.Contains("amount, created_at, customer_id", error, StringComparison.Ordinal);
        Assert.DoesNotContain(step.Decisions, d => d.Confidence == 0);
    }

    [Fact]
    public async Task A_model_that_keeps_hallucinating_is_stopped_after_three_attempts_and_reported_ungrounded()
    {
        var plan = await Plan();
        var client = new ScriptedChatClient()
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "order_total"))
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "total"))
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files(amountColumn: "price"));

        var step = await Agent(client).GenerateAsync(ShopCatalog.Context, plan, CancellationToken.None);

        Assert.Equal(3, step.Calls.Count);
        Assert.Contains("sum(price)", step.Result[ShopCatalog.RevenuePath], StringComparison.Ordinal);
        var failure = Assert.Single(step.Decisions, d => d.Confidence == 0);
        Assert.StartsWith("generate: ungrounded or invalid output kept after 3 attempts", failure.Action, StringComparison.Ordinal);
        Assert.Contains("column 'price' does not exist", failure.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsafe_paths_and_files_agents_must_not_write_are_never_taken()
    {
        var plan = await Plan();
        var bad = JsonNode.Parse(ShopCatalog.Files())!;
        bad["files"]!.AsArray().Add(ShopCatalog.File("../outside.sql", "select 1"));
        bad["files"]!.AsArray().Add(ShopCatalog.File(".agentic-etl.json", "{}"));
        var client = new ScriptedChatClient()
            .ThenTool(ProjectTools.SubmitFiles, bad.ToJsonString())
            .ThenTool(ProjectTools.SubmitFiles, bad.ToJsonString())
            .ThenTool(ProjectTools.SubmitFiles, bad.ToJsonString());

        var step = await Agent(client).GenerateAsync(ShopCatalog.Context, plan, CancellationToken.None);

        Assert.Equal(3, step.Calls.Count);
        Assert.DoesNotContain(step.Result.Paths, p => p.Contains("..", StringComparison.Ordinal) || p == ".agentic-etl.json");
        var error = (string)client.Received[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains("../outside.sql: the path has an empty, '.' or '..' segment", error, StringComparison.Ordinal);
        Assert.Contains(".agentic-etl.json: not written by agents", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_the_tool_call_is_told_to_call_it()
    {
        var plan = await Plan();
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Here is your project: ...")) { FinishReason = ChatFinishReason.Stop })
            .ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files());

        var step = await Agent(client).GenerateAsync(ShopCatalog.Context, plan, CancellationToken.None);

        Assert.Equal(2, step.Calls.Count);
        var nudge = client.Received[1].Messages[^1];
        Assert.Equal(ChatRole.User, nudge.Role);
        Assert.Contains("no call of submit_files", nudge.Text, StringComparison.Ordinal);
        Assert.Contains("Here is your project", step.Calls[0].Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refine_sends_validations_problems_and_lays_the_corrected_files_over_the_project()
    {
        var plan = await Plan();
        var generated = (await Agent(new ScriptedChatClient().ThenTool(ProjectTools.SubmitFiles, ShopCatalog.Files()))
            .GenerateAsync(ShopCatalog.Context, plan, CancellationToken.None)).Result;
        var report = new ValidationReport(false, [],
            [new ModelRun("fct_daily_revenue", ShopCatalog.RevenuePath, "table", false, null, null, "Binder Error: No function matches 'sum(VARCHAR)'", 4, [])],
            [], []);
        var fixedRevenue = new JsonObject
        {
            ["files"] = new JsonArray(ShopCatalog.File(ShopCatalog.RevenuePath, ShopCatalog.RevenueSql("cast(amount as double)"))),
            ["decisions"] = new JsonArray(new JsonObject { ["action"] = "cast amount before sum", ["confidence"] = 0.8, ["reasoning"] = "Binder Error at line 4" }),
        };
        var client = new ScriptedChatClient().ThenTool(ProjectTools.SubmitFiles, fixedRevenue.ToJsonString());

        var step = await Agent(client).RefineAsync(ShopCatalog.Context, plan, generated, report, CancellationToken.None);

        var prompt = client.Received[0].Messages[1].Text;
        Assert.Contains($"- {ShopCatalog.RevenuePath}:4 (model fct_daily_revenue): Binder Error: No function matches 'sum(VARCHAR)'", prompt, StringComparison.Ordinal);
        Assert.Contains($"--- {ShopCatalog.OrdersPath}\n", prompt, StringComparison.Ordinal);
        Assert.Equal(generated.Paths, step.Result.Paths);
        Assert.Contains("sum(cast(amount as double))", step.Result[ShopCatalog.RevenuePath], StringComparison.Ordinal);
        Assert.Equal(generated[ShopCatalog.OrdersPath], step.Result[ShopCatalog.OrdersPath]);
        Assert.Contains(step.Decisions, d => d.Action == "cast amount before sum");
    }

    [Fact]
    public async Task The_http_attempts_a_client_reports_are_recorded()
    {
        var response = ScriptedChatClient.ToolCall(ProjectTools.SubmitPlan, ShopCatalog.GoodPlan);
        response.AdditionalProperties = new() { [ChatCallAttempts.Key] = 3 };

        var step = await Agent(new ScriptedChatClient().Then(response)).PlanAsync(ShopCatalog.Context, CancellationToken.None);

        Assert.Equal(3, Assert.Single(step.Calls).Attempts);
    }
}
