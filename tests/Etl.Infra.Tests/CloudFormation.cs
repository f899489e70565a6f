using System.Text.Json.Nodes;

namespace Etl.Infra.Tests;

/// <summary>A synthesized template, read as JSON.</summary>
public sealed class CloudFormation(JsonObject template)
{
    public JsonObject Root { get; } = template;

    public IEnumerable<(string Id, JsonObject Resource)> Resources(string type) =>
        (Root["Resources"]?.AsObject() ?? [])
            .Where(pair => pair.Value!["Type"]!.GetValue<string>() == type)
            .Select(pair => (pair.Key, pair.Value!.AsObject()));

    public JsonObject Properties(string id) => Root["Resources"]![id]!["Properties"]!.AsObject();

    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
