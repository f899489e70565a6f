using Amazon.S3;
using Etl.Aws.Configuration;
using Etl.Aws.Storage;
using Etl.Core.Storage;

namespace Etl.Aws.Tests;

/// <summary>
/// What the S3 blob store does when S3 fails: a stopped service cuts a multipart write off (nothing published, the old
/// object kept, a clear error), transient errors are retried by the SDK, a failed or refused write aborts its upload.
/// Each test that stops or restarts the emulator gets its own.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class S3FaultTests(AwsEmulators aws) : IDisposable
{
    private const int Part = AwsSettings.MinimumPartBytes;
    private readonly TempDirectory _data = new();

    private static AmazonS3Client Client(EmulatorProcess s3, int maxRetries) => AwsClients.CreateS3(new AwsSettings
    {
        Buckets = S3Buckets.Single("b"),
        Region = AwsEmulators.Region,
        S3Endpoint = s3.Endpoint,
        MaxRetries = maxRetries,
    }, AwsEmulators.Credentials);

    private static async Task WriteAsync(Stream target, int bytes, byte fill, CancellationToken ct)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, fill);
        for (var left = bytes; left > 0; left -= chunk.Length)
        {
            await target.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, left)), ct);
        }
    }

    private string UploadsOf(string bucket) => Path.Combine(_data.Path, bucket, "._S3rver_uploads");

    [Fact]
    public async Task A_multipart_write_cut_off_by_a_stopped_service_publishes_nothing_and_says_so()
    {
        using var emulator = EmulatorProcess.S3(_data.Path, "cut");
        using var client = Client(emulator, maxRetries: 1);
        var store = new S3BlobStore(client, S3Buckets.Single("cut"), partBytes: Part);
        const string key = "output/job/big.ndjson";
        await store.WriteAsync(key, "old"u8.ToArray(), default);

        var error = await Assert.ThrowsAsync<BlobIOException>(() => store.WriteAsync(key, async (s, ct) =>
        {
            await WriteAsync(s, 2 * Part, (byte)'x', ct); // part 1 sent, part 2 on its way
            emulator.Stop();
            await WriteAsync(s, Part + 10, (byte)'y', ct);
        }, default));
        Assert.Contains(key, error.Message);
        Assert.Contains("bucket 'cut'", error.Message);
        Assert.Contains("Nothing was published", error.Message);

        emulator.Start();
        var info = await store.GetInfoAsync(key, default);
        Assert.Equal(3, info!.Size);
        await using var read = await store.OpenReadAsync(key, default);
        Assert.Equal("old", await new StreamReader(read).ReadToEndAsync());
    }

    [Fact]
    public async Task A_writer_that_fails_after_several_parts_aborts_the_upload()
    {
        using var client = aws.S3Client();
        var bucket = aws.NewBucket();
        var store = new S3BlobStore(client, S3Buckets.Single(bucket), partBytes: Part);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("output/j/x.json", async (s, ct) =>
        {
            await WriteAsync(s, 2 * Part + 1, (byte)'x', ct);
            throw new InvalidOperationException("the converter broke");
        }, default));

        Assert.Null(await store.GetInfoAsync("output/j/x.json", default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(aws.S3Directory, bucket, "._S3rver_uploads")));
    }

    [Fact]
    public async Task A_multipart_create_that_loses_to_another_writer_is_refused_and_aborted()
    {
        using var client = aws.S3Client();
        var bucket = aws.NewBucket();
        var store = new S3BlobStore(client, S3Buckets.Single(bucket), partBytes: Part);
        const string key = "uploads/j/in.json";
        var created = await store.TryCreateAsync(key, async (s, ct) =>
        {
            await WriteAsync(s, 2 * Part + 7, (byte)'x', ct);
            // Another writer publishes first, after this one checked that the key was free.
            Assert.Equal(5, await store.TryCreateAsync(key, (t, ct2) => t.WriteAsync("first"u8.ToArray(), ct2).AsTask(), ct));
        }, default);

        Assert.Null(created);
        await using (var read = await store.OpenReadAsync(key, default))
        {
            Assert.Equal("first", await new StreamReader(read).ReadToEndAsync());
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(aws.S3Directory, bucket, "._S3rver_uploads")));
    }

    [Fact]
    public async Task Large_blobs_round_trip_through_multipart_upload_and_ranged_reads()
    {
        using var client = aws.S3Client();
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()), partBytes: Part, readAheadBytes: 1 << 20);
        var content = new byte[2 * Part + 12345];
        new Random(7).NextBytes(content);
        Assert.Equal(content.Length, await store.WriteAsync("output/j/big.parquet", content, default));
        Assert.Equal(content.Length, await store.TryCreateAsync("uploads/j/big.parquet", (s, ct) => s.WriteAsync(content, ct).AsTask(), default));

        foreach (var key in new[] { "output/j/big.parquet", "uploads/j/big.parquet" })
        {
            await using var read = await store.OpenReadAsync(key, default);
            Assert.True(read.CanSeek);
            Assert.Equal(content.Length, read.Length);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());

            // Backwards and random positions, as a Parquet reader seeks (footer first).
            var tail = new byte[100];
            read.Seek(-100, SeekOrigin.End);
            read.ReadExactly(tail);
            Assert.Equal(content.AsSpan(content.Length - 100).ToArray(), tail);
            read.Position = Part - 3;
            var across = new byte[2 << 20];
            read.ReadExactly(across);
            Assert.Equal(content.AsSpan(Part - 3, across.Length).ToArray(), across);
        }
    }

    [Fact]
    public async Task A_synchronous_writer_streams_through_multipart_upload_too()
    {
        using var client = aws.S3Client();
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()), partBytes: Part);
        var content = new byte[2 * Part + 99];
        new Random(3).NextBytes(content);
        // The encoders write synchronously, in pieces of any size.
        Assert.Equal(content.Length, await store.WriteAsync("output/j/out.ndjson", (s, _) =>
        {
            for (var offset = 0; offset < content.Length; offset += 1_000_003)
            {
                s.Write(content, offset, Math.Min(1_000_003, content.Length - offset));
            }

            return Task.CompletedTask;
        }, default));

        await using var read = await store.OpenReadAsync("output/j/out.ndjson", default);
        var back = new byte[content.Length];
        read.ReadExactly(back);
        Assert.Equal(content, back);
    }

    [Fact]
    public async Task Transient_errors_are_retried_by_the_sdk()
    {
        using var client = aws.S3Client(maxRetries: 3);
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()));
        var before = await aws.S3.RequestCountAsync();
        await aws.S3.InjectFaultsAsync(2, 503);
        Assert.Equal(5, await store.WriteAsync("runs/j/profile.json", "hello"u8.ToArray(), default));
        Assert.Equal(3, await aws.S3.RequestCountAsync() - before); // two refused, the third stored

        await aws.S3.InjectFaultsAsync(2, 500);
        await using var read = await store.OpenReadAsync("runs/j/profile.json", default);
        Assert.Equal("hello", await new StreamReader(read).ReadToEndAsync());
    }

    [Fact]
    public async Task A_create_that_meets_a_concurrent_conditional_write_tries_again()
    {
        using var client = aws.S3Client(maxRetries: 0);
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()));
        await aws.S3.InjectFaultsAsync(2, 409, "PUT"); // S3's ConditionalRequestConflict, which the SDK does not retry
        Assert.Equal(5, await store.TryCreateAsync("uploads/j/in.json", (s, ct) => s.WriteAsync("first"u8.ToArray(), ct).AsTask(), default));
        Assert.Equal(5, (await store.GetInfoAsync("uploads/j/in.json", default))!.Size);
    }

    [Fact]
    public async Task Without_retries_the_same_fault_fails_with_an_error_naming_the_operation()
    {
        using var client = aws.S3Client(maxRetries: 0);
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()));
        await aws.S3.InjectFaultsAsync(1, 503);
        var error = await Assert.ThrowsAsync<BlobIOException>(() => store.WriteAsync("runs/j/profile.json", "hello"u8.ToArray(), default));
        Assert.Contains("PutObject", error.Message);
        Assert.Contains("503", error.Message);
        Assert.Null(await store.GetInfoAsync("runs/j/profile.json", default));
    }

    public void Dispose() => _data.Dispose();
}
