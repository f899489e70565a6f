namespace Etl.Agents.Validation.Rendering;

/// <summary>What <c>ref()</c>, <c>source()</c> and <c>this</c> return: renders as <c>"schema"."name"</c>.</summary>
internal sealed record Relation(string Schema, string Name)
{
    public override string ToString() => $"{Quote(Schema)}.{Quote(Name)}";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
