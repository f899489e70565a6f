using System.Net;
using System.Text;
using Etl.Core.Convert;

namespace Etl.Api.Tests;

/// <summary>
/// A host killed while a job is RUNNING picks the job up again on its next start and finishes it; one killed in the
/// middle of an upload leaves nothing behind after its next start.
/// </summary>
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

    [Fact]
    public async Task An_upload_cut_by_a_kill_leaves_nothing_behind_after_a_restart()
    {
        using var data = new TempDirectory();
        var uploads = Path.Combine(data.Path, "uploads");
        // More than the client buffers, so the bytes are on the wire (and on the host's disk) before the body stalls.
        var head = new byte[256 * 1024];
        (await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet"))).CopyTo(head, 0);

        using (var first = await EtlProcess.StartAsync(data.Path))
        using (var client = new EtlClient(first.Address))
        {
            var form = new MultipartFormDataContent { { new StreamContent(new StallingStream(head)), "file", "cut.parquet" } };
            var sending = client.Http.PostAsync("/upload", form);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Partials(uploads).Length == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(Partials(uploads).Length == 1, "The upload never reached the disk: " + first.Output);
            first.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => sending);
            Assert.Single(Partials(uploads)); // what the crash left
        }

        using var second = await EtlProcess.StartAsync(data.Path);
        Assert.Empty(Partials(data.Path));
        Assert.Empty(Directory.GetDirectories(uploads));
        using var restarted = new EtlClient(second.Address);
        using var jobs = await restarted.Http.GetAsync("/jobs");
        Assert.Empty((await EtlClient.ReadAsync(jobs, HttpStatusCode.OK))["jobs"]!.AsArray());
    }

    private static string[] Partials(string directory) => Directory.Exists(directory)
        ? Directory.GetFiles(directory, "*.partial", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        : [];

    /// <summary>A request body that sends its first bytes, then never ends: the client is still uploading when the host dies.</summary>
    private sealed class StallingStream(byte[] head) : Stream
    {
        private int _sent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent < head.Length)
            {
                var count = Math.Min(buffer.Length, head.Length - _sent);
                head.AsMemory(_sent, count).CopyTo(buffer);
                _sent += count;
                return count;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
