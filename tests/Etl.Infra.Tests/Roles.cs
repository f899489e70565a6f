using System.Text.Json.Nodes;

namespace Etl.Infra.Tests;

/// <summary>Reads functions, their roles and the statements attached to those roles out of a template.</summary>
public static class Roles
{
    /// <summary>The Lambda functions by their ETL_HANDLER.</summary>
    public static IReadOnlyDictionary<string, (string Id, JsonObject Properties)> FunctionsByRole(CloudFormation template) =>
        template.Resources("AWS::Lambda::Function")
            .Select(f => (f.Id, Properties: f.Resource["Properties"]!.AsObject()))
            .ToDictionary(f => f.Properties["Environment"]!["Variables"]!["ETL_HANDLER"]!.GetValue<string>(), f => (f.Id, f.Properties));

    /// <summary>The logical id of the IAM role a resource's Role property names (Fn::GetAtt [id, Arn]).</summary>
    public static string RoleId(JsonObject properties, string property = "Role") =>
        properties[property]!["Fn::GetAtt"]![0]!.GetValue<string>();

    /// <summary>Every statement of every AWS::IAM::Policy attached to the role.</summary>
    public static IReadOnlyList<JsonObject> Statements(CloudFormation template, string roleId) =>
        template.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()))
            .ToList();

    public static IEnumerable<string> Actions(JsonObject statement) => Strings(statement["Action"]);

    public static IEnumerable<JsonNode> Resources(JsonObject statement) =>
        statement["Resource"] is JsonArray array ? array.Select(r => r!) : [statement["Resource"]!];

    public static SortedSet<string> ActionSet(IEnumerable<JsonObject> statements) =>
        new(statements.SelectMany(Actions), StringComparer.Ordinal);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(a => a!.GetValue<string>()) : node is null ? [] : [node.GetValue<string>()];
}
