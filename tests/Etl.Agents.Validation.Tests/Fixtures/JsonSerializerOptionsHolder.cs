using System.Text.Json;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Fixtures;

/// <summary>Prints a report when an assertion on it fails, so the failure says why.</summary>
public sealed class JsonSerializerOptionsHolder
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Describe(ValidationReport report) => JsonSerializer.Serialize(report.Problems(), Options) + "\n" + JsonSerializer.Serialize(report, Options);
}
