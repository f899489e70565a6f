namespace Etl.Agents.Tests.Offline;

/// <summary>The same source and prompts give byte-identical files and the same decisions.</summary>
public class DeterminismTests
{
    public static TheoryData<string> Samples() => NormalizedSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Same_input_same_project(string sample)
    {
        string[] prompts = ["staging models, a daily revenue mart", "customer lifetime value, weekly counts"];
        var first = await OfflineRun.OfSampleAsync(sample, prompts);
        var second = await OfflineRun.OfSampleAsync(sample, prompts);
        Assert.Equal(first.Files.Paths, second.Files.Paths);
        foreach (var path in first.Files.Paths) Assert.Equal(first.Files[path], second.Files[path]);
        Assert.Equal(first.AllDecisions, second.AllDecisions);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first.Plan.Result), System.Text.Json.JsonSerializer.Serialize(second.Plan.Result));
    }
}
