using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Etl.Core.Pipeline;
using Etl.Infra.StateMachines;
using Constructs;

namespace Etl.Infra.StateMachines.Tests;

/// <summary>
/// Both state machines as CloudFormation receives them: a small stack (a worker function from a placeholder asset, the
/// two <see cref="PipelineStateMachine"/>s, convert with its Glue route) synthesized to a template on disk, and each
/// DefinitionString read back from that template with its intrinsics (Fn::Join, Fn::GetAtt, Ref of the pseudo
/// parameters) resolved to the plain ARNs a deployment in <see cref="Region"/> of account <see cref="Account"/> gets.
/// Synthesized once per test run: the CDK runs in a jsii node process that takes seconds to start.
/// </summary>
public sealed class SynthesizedStateMachines
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const string GlueJob = "etl-convert-large";
    public const long GlueThresholdBytes = 512L * 1024 * 1024;

    private static readonly Lazy<SynthesizedStateMachines> Once = new(Synthesize);

    private SynthesizedStateMachines(JsonObject template, JsonObject convert, JsonObject agent, string workerArn)
    {
        Template = template;
        Convert = convert;
        Agent = agent;
        WorkerArn = workerArn;
    }

    public static SynthesizedStateMachines Instance => Once.Value;

    /// <summary>The synthesized template, as written to the cloud assembly.</summary>
    public JsonObject Template { get; }

    /// <summary>The convert pipeline's definition (ASL), intrinsics resolved.</summary>
    public JsonObject Convert { get; }

    /// <summary>The agent pipeline's definition (ASL), intrinsics resolved.</summary>
    public JsonObject Agent { get; }

    /// <summary>The worker function's ARN, as the definitions name it.</summary>
    public string WorkerArn { get; }

    public JsonObject DefinitionOf(PipelineDeclaration pipeline) => pipeline == PipelineDeclaration.Convert ? Convert : Agent;

    private static SynthesizedStateMachines Synthesize()
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        var work = Path.Combine(Path.GetTempPath(), $"etl-sm-synth-{Guid.NewGuid():N}");
        var asset = Directory.CreateDirectory(Path.Combine(work, "asset")).FullName;
        // A placeholder: the template names the asset by its hash, the definitions only by the function's ARN.
        File.WriteAllText(Path.Combine(asset, "bootstrap"), "#!/bin/sh\n");
        var outdir = Path.Combine(work, "cdk.out");
        try
        {
            var app = new App(new AppProps { Outdir = outdir });
            var stack = new Stack(app, "EtlStateMachinesTest");
            var worker = new Function(stack, "Worker", new FunctionProps
            {
                Runtime = Runtime.PROVIDED_AL2023,
                Handler = "bootstrap",
                Code = Code.FromAsset(asset),
            });
            new PipelineStateMachine(stack, "ConvertPipeline", new PipelineStateMachineProps(PipelineDeclaration.Convert, worker,
                new GlueRoute(StageNames.Convert, GlueJob, GlueThresholdBytes, new Dictionary<string, string> { ["--stage"] = StageNames.Convert })));
            new PipelineStateMachine(stack, "AgentPipeline", new PipelineStateMachineProps(PipelineDeclaration.Agent, worker));
            app.Synth();

            var template = JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, "EtlStateMachinesTest.template.json")))!.AsObject();
            var resources = template["Resources"]!.AsObject();
            var definitions = new List<JsonObject>();
            foreach (var (_, resource) in resources)
            {
                if (resource!["Type"]!.GetValue<string>() == "AWS::StepFunctions::StateMachine")
                {
                    var text = Resolve(resource["Properties"]!["DefinitionString"]!, resources);
                    definitions.Add(JsonNode.Parse(text)!.AsObject());
                }
            }

            var workerId = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function").Key;
            return new SynthesizedStateMachines(template,
                definitions.Single(d => d["Comment"]!.GetValue<string>().StartsWith(PipelineDeclaration.Convert.JobType + ":", StringComparison.Ordinal)),
                definitions.Single(d => d["Comment"]!.GetValue<string>().StartsWith(PipelineDeclaration.Agent.JobType + ":", StringComparison.Ordinal)),
                FunctionArn(workerId));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool IsFunction(JsonObject resources, string logicalId) =>
        resources[logicalId] is JsonObject resource && resource["Type"]?.GetValue<string>() == "AWS::Lambda::Function";

    private static string FunctionArn(string logicalId) => $"arn:aws:lambda:{Region}:{Account}:function:{logicalId}";

    // The intrinsics CDK puts in a DefinitionString, and nothing else: an unknown one fails the test with its text.
    private static string Resolve(JsonNode node, JsonObject resources)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonObject { Count: 1 } intrinsic when intrinsic["Fn::Join"] is JsonArray { Count: 2 } join:
                return string.Join(join[0]!.GetValue<string>(), join[1]!.AsArray().Select(part => Resolve(part!, resources)));
            case JsonObject { Count: 1 } intrinsic when intrinsic["Ref"] is JsonValue reference:
                return reference.GetValue<string>() switch
                {
                    "AWS::Partition" => "aws",
                    "AWS::Region" => Region,
                    "AWS::AccountId" => Account,
                    "AWS::URLSuffix" => "amazonaws.com",
                    var other => throw new InvalidOperationException($"Unexpected Ref {other} in a state machine definition."),
                };
            case JsonObject { Count: 1 } intrinsic when intrinsic["Fn::GetAtt"] is JsonArray { Count: 2 } getAtt
                && getAtt[1]!.GetValue<string>() == "Arn" && IsFunction(resources, getAtt[0]!.GetValue<string>()):
                return FunctionArn(getAtt[0]!.GetValue<string>());
            default:
                throw new InvalidOperationException($"Unexpected intrinsic in a state machine definition: {node.ToJsonString()}");
        }
    }
}
