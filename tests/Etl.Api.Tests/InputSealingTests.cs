using System.Net;

namespace Etl.Api.Tests;

/// <summary>
/// A job's input is sealed when it is triggered: whatever order signed-URL PUTs and the trigger arrive in, the bytes the
/// job converted are the bytes kept under uploads/{jobId}/, and a PUT that would change them is answered 409.
/// </summary>
[Collection(LocalHostCollection.Name)]
public class InputSealingTests(LocalHostFixture host)
{
    private static byte[] AllTypes() => File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    [Fact]
    public async Task A_put_still_streaming_when_the_job_is_triggered_gets_409_after_the_job_completed_and_changes_nothing()
    {
        var kept = AllTypes();
        var (jobId, uploadUrl) = await AnnounceAsync("sealed.parquet", kept.Length);

        // Two PUTs to the same URL stream at once; the one that finishes first becomes the input and the job is triggered
        // while the other is still streaming.
        var late = new GatedContent(Enumerable.Repeat((byte)'x', kept.Length).ToArray(), headLength: 100);
        var latePut = host.Client.Http.PutAsync(uploadUrl, late);
        await late.HeadSent;
        await WaitUntilStreamingAsync(jobId, count: 1);

        var first = new GatedContent(kept, headLength: 100);
        var firstPut = host.Client.Http.PutAsync(uploadUrl, first);
        await first.HeadSent;
        await WaitUntilStreamingAsync(jobId, count: 2);
        first.Release();
        using (var firstResponse = await firstPut)
        {
            Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        }

        using (var trigger = await host.Client.TriggerAsync(jobId))
        {
            Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        }

        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());
        var output = await host.Client.DownloadAsync(jobId);

        late.Release();
        using var response = await latePut;
        var detail = await EtlClient.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(jobId, detail);
        Assert.Contains("COMPLETED", detail);

        Assert.Equal(kept, await File.ReadAllBytesAsync(InputPath(jobId, "sealed.parquet")));
        Assert.Equal(output, await host.Client.DownloadAsync(jobId));
        Assert.Equal(["sealed.parquet"], Directory.GetFiles(Path.Combine(host.DataDirectory, "uploads", jobId)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_trigger_while_the_only_put_is_streaming_is_409_and_the_finished_put_can_then_be_triggered()
    {
        var bytes = AllTypes();
        var (jobId, uploadUrl) = await AnnounceAsync("slow.parquet", bytes.Length);
        var slow = new GatedContent(bytes, headLength: 100);
        var put = host.Client.Http.PutAsync(uploadUrl, slow);
        await slow.HeadSent;
        await WaitUntilStreamingAsync(jobId, count: 1);

        using (var early = await host.Client.TriggerAsync(jobId))
        {
            Assert.Contains("not been uploaded", await EtlClient.ProblemAsync(early, HttpStatusCode.Conflict));
        }

        slow.Release();
        using (var response = await put)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var trigger = await host.Client.TriggerAsync(jobId))
        {
            Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        }

        var done = await host.Client.WaitAsync(jobId);
        Assert.Equal(("COMPLETED", 8L), (done["status"]!.GetValue<string>(), done["rowCount"]!.GetValue<long>()));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(InputPath(jobId, "slow.parquet")));
    }

    [Fact]
    public async Task A_put_that_completed_before_the_trigger_is_what_the_job_converts()
    {
        var bytes = AllTypes();
        var (jobId, uploadUrl) = await AnnounceAsync("ordered.parquet", bytes.Length);
        using (var put = await host.Client.Http.PutAsync(uploadUrl, new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        (await host.Client.TriggerAsync(jobId)).Dispose();
        var done = await host.Client.WaitAsync(jobId);
        Assert.Equal("COMPLETED", done["status"]!.GetValue<string>());
        Assert.Equal(8, done["rowCount"]!.GetValue<long>());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(InputPath(jobId, "ordered.parquet")));
    }

    [Fact]
    public async Task A_second_put_after_a_completed_first_put_is_409_and_the_first_file_is_kept()
    {
        var bytes = AllTypes();
        var (jobId, uploadUrl) = await AnnounceAsync("once.parquet", bytes.Length);
        using (var first = await host.Client.Http.PutAsync(uploadUrl, new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await host.Client.Http.PutAsync(uploadUrl, new ByteArrayContent("{\"a\":1}"u8.ToArray())))
        {
            Assert.Contains("already", await EtlClient.ProblemAsync(second, HttpStatusCode.Conflict));
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(InputPath(jobId, "once.parquet")));
        (await host.Client.TriggerAsync(jobId)).Dispose();
        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());
    }

    private async Task<(string JobId, string UploadUrl)> AnnounceAsync(string fileName, long size)
    {
        using var announced = await host.Client.AnnounceAsync(fileName, size);
        var body = await EtlClient.ReadAsync(announced, HttpStatusCode.Created);
        return (body["jobId"]!.GetValue<string>(), body["uploadUrl"]!.GetValue<string>());
    }

    private string InputPath(string jobId, string fileName) => Path.Combine(host.DataDirectory, "uploads", jobId, fileName);

    // The host writes a PUT into a temporary file beside the input before it reads the body; once that file exists, the
    // PUT is past every check made at its start and is streaming.
    private async Task WaitUntilStreamingAsync(string jobId, int count)
    {
        var folder = Path.Combine(host.DataDirectory, "uploads", jobId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.partial").Count() >= count))
        {
            Assert.True(DateTime.UtcNow < deadline, "The PUT never started writing.");
            await Task.Delay(10);
        }
    }
}
