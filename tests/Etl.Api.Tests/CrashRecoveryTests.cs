using System.Net;
using System.Text;
using Etl.Core.Convert;

namespace Etl.Api.Tests;

/// <summary>A host killed while a job is RUNNING picks the job up again on its next start and finishes it.</summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task Job_running_when_the_host_is_killed_completes_after_a_restart()
    {
        using var data = new TempDirectory();
        var parquet = TestFiles.ParquetTesting("alltypes_plain.parquet");
        string jobId;

        using (var first = await EtlProcess.StartAsync(data.Path, new Dictionary<string, string> { ["ETL_TEST_STAGE_DELAY_MS"] = "60000" }))
        using (var client = new EtlClient(first.Address))
        {
            jobId = await client.UploadAsync(await File.ReadAllBytesAsync(parquet), "crash.parquet");
            using var trigger = await client.TriggerAsync(jobId);
            Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);

            // The delay hook holds the job inside its first stage, so the kill lands mid-pipeline.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await client.StatusAsync(jobId))["stage"]?.GetValue<string>() is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var running = await client.StatusAsync(jobId);
            Assert.Equal(("RUNNING", "validate"), (running["status"]!.GetValue<string>(), running["stage"]!.GetValue<string>()));
            first.Kill();
        }

        using var second = await EtlProcess.StartAsync(data.Path);
        using var restarted = new EtlClient(second.Address);
        var done = await restarted.WaitAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.True(done["status"]!.GetValue<string>() == "COMPLETED", done.ToJsonString() + second.Output);
        Assert.Contains($"jobId={jobId} was RUNNING when the host stopped", second.Output);

        using var expected = new MemoryStream();
        await using (var input = File.OpenRead(parquet))
        {
            ParquetToJson.Convert(input, expected, JsonOutputFormat.Ndjson);
        }

        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(await restarted.DownloadAsync(jobId)));
    }
}
