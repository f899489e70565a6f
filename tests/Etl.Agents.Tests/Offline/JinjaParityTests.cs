using System.Text.Json.Nodes;
using Etl.Agents.Dbt;
using Etl.Agents.Validation.Rendering;
using Etl.Agents.Validation.Tests.Rendering;

namespace Etl.Agents.Tests.Offline;

/// <summary>Every model the offline agent writes renders the same under real Jinja (python3-jinja2) as under the validator, in both incremental branches.</summary>
public class JinjaParityTests
{
    public static TheoryData<string> Samples() => NormalizedSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_models_render_as_real_jinja_renders_them(string sample) =>
        AssertParity(await OfflineRun.OfSampleAsync(sample, "staging models, a daily revenue mart, customer lifetime value"));

    [Fact]
    public async Task Incremental_models_render_as_real_jinja_renders_them_in_both_branches()
    {
        var run = await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), "fct_orders, weekly revenue, dim customers", "make orders incremental, make items incremental");
        Assert.Contains("is_incremental()", run.Files["models/marts/fct_orders.sql"]!, StringComparison.Ordinal);
        AssertParity(run);
    }

    private static void AssertParity(OfflineRun run)
    {
        // The offline agent's projects define no vars, so the validator's renderer needs none.
        var renderer = new DbtModelRenderer("main");
        var models = run.Files.Files.Where(f => DbtNames.ModelOf(f.Key) is not null).ToArray();
        var requests = models.SelectMany(m => new[] { (DbtNames.ModelOf(m.Key)!, m.Value, false), (DbtNames.ModelOf(m.Key)!, m.Value, true) }).ToArray();
        var expected = RealJinja.Render("main", new JsonObject(), requests);
        for (var i = 0; i < models.Length; i++)
        {
            var name = DbtNames.ModelOf(models[i].Key)!;
            Assert.Equal(expected[2 * i], renderer.Render(name, models[i].Value, isIncremental: false).Sql);
            Assert.Equal(expected[2 * i + 1], renderer.Render(name, models[i].Value, isIncremental: true).Sql);
        }
    }
}
