using System.Net;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>GET /job-status/{jobId} → stages[] (added for the web page's timeline) and startedAt, through the real host.</summary>
[Collection(LocalHostCollection.Name)]
public class StageTimelineApiTests(LocalHostFixture host)
{
    private static readonly string AllTypes = TestFiles.ParquetTesting("alltypes_plain.parquet");

    private static List<(string Name, string Status)> Stages(JsonObject status) =>
        [.. status["stages"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["status"]!.GetValue<string>()))];

    [Fact]
    public async Task A_pending_job_lists_every_declared_stage_as_pending()
    {
        var jobId = await host.Client.UploadAsync(await File.ReadAllBytesAsync(AllTypes), "pending.parquet");
        var status = await host.Client.StatusAsync(jobId);
        Assert.Equal([("validate", "PENDING"), ("convert", "PENDING"), ("profile", "PENDING"), ("catalog", "PENDING")], Stages(status));
        Assert.Null(status["startedAt"]);
        Assert.All(status["stages"]!.AsArray(), s =>
        {
            Assert.Null(s!["startedAt"]);
            Assert.Null(s["durationSeconds"]);
            Assert.Equal(0, s["attempts"]!.GetValue<int>());
        });
    }

    [Fact]
    public async Task A_completed_job_lists_each_stage_with_its_times_and_duration()
    {
        var jobId = await host.Client.UploadAsync(await File.ReadAllBytesAsync(AllTypes), "timeline.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var done = await host.Client.WaitAsync(jobId);

        Assert.Equal([("validate", "COMPLETED"), ("convert", "COMPLETED"), ("profile", "COMPLETED"), ("catalog", "COMPLETED")], Stages(done));
        var started = DateTimeOffset.Parse(done["startedAt"]!.GetValue<string>());
        var previousEnd = started;
        foreach (var stage in done["stages"]!.AsArray())
        {
            var start = DateTimeOffset.Parse(stage!["startedAt"]!.GetValue<string>());
            var end = DateTimeOffset.Parse(stage["completedAt"]!.GetValue<string>());
            Assert.EndsWith("Z", stage["startedAt"]!.GetValue<string>());
            Assert.True(start >= previousEnd, "stages follow one another");
            Assert.Equal(Math.Round((end - start).TotalSeconds, 3), stage["durationSeconds"]!.GetValue<double>(), 3);
            Assert.Equal(1, stage["attempts"]!.GetValue<int>());
            previousEnd = end;
        }

        // The listing carries the same timeline.
        var listed = await EtlClient.ReadAsync(await host.Client.Http.GetAsync("/jobs?limit=100&status=COMPLETED"), HttpStatusCode.OK);
        var same = listed["jobs"]!.AsArray().Single(j => j!["jobId"]!.GetValue<string>() == jobId)!.AsObject();
        Assert.Equal(Stages(done), Stages(same));
    }

    [Fact]
    public async Task A_failed_job_marks_the_failing_stage_and_the_ones_it_never_reached()
    {
        var truncated = (await File.ReadAllBytesAsync(AllTypes))[..200];
        var jobId = await host.Client.UploadSignedAsync(truncated, "x.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var failed = await host.Client.WaitAsync(jobId);

        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal([("validate", "FAILED"), ("convert", "SKIPPED"), ("profile", "SKIPPED"), ("catalog", "SKIPPED")], Stages(failed));
        var validate = failed["stages"]!.AsArray()[0]!;
        Assert.NotNull(validate["completedAt"]);
        Assert.Null(failed["stages"]!.AsArray()[1]!["startedAt"]);
    }
}
