using System.Text.Json;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Fixtures;

/// <summary>A report as text for assertion messages, so a failure says why.</summary>
public static class ReportText
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Describe(ValidationReport report) => JsonSerializer.Serialize(report.Problems(), Options) + "\n" + JsonSerializer.Serialize(report, Options);
}
