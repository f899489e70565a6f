using System.Text;
using Etl.Core.Storage;

namespace Etl.Core.Tests.Ports;

/// <summary>What every IBlobStore must do; adapters derive a class that makes a fresh, empty store.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore CreateStore();

    [Fact]
    public async Task Written_bytes_read_back()
    {
        var store = CreateStore();
        var written = await store.WriteAsync("uploads/j1/data.parquet", Encoding.UTF8.GetBytes("hello"), default);
        Assert.Equal(5, written);
        await using var read = await store.OpenReadAsync("uploads/j1/data.parquet", default);
        using var reader = new StreamReader(read);
        Assert.Equal("hello", await reader.ReadToEndAsync());
        Assert.Equal(5, (await store.GetInfoAsync("uploads/j1/data.parquet", default))!.Size);
    }

    [Fact]
    public async Task Missing_blob_reads_as_not_found_and_has_no_info()
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync("output/none/x.ndjson", default));
        Assert.Null(await store.GetInfoAsync("output/none/x.ndjson", default));
    }

    [Fact]
    public async Task A_failed_write_publishes_nothing_and_keeps_the_old_content()
    {
        var store = CreateStore();
        await store.WriteAsync("runs/j/profile.json", "old"u8.ToArray(), default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("runs/j/profile.json", async (s, ct) =>
        {
            await s.WriteAsync("partial new content"u8.ToArray(), ct);
            throw new InvalidOperationException("writer broke");
        }, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("runs/j/other.json", (_, _) =>
            throw new InvalidOperationException("writer broke"), default));

        await using var read = await store.OpenReadAsync("runs/j/profile.json", default);
        Assert.Equal("old", await new StreamReader(read).ReadToEndAsync());
        Assert.Null(await store.GetInfoAsync("runs/j/other.json", default));
    }

    [Fact]
    public async Task Overwrite_replaces_and_delete_removes()
    {
        var store = CreateStore();
        await store.WriteAsync("output/j/a.ndjson", "one"u8.ToArray(), default);
        await store.WriteAsync("output/j/a.ndjson", "two!"u8.ToArray(), default);
        Assert.Equal(4, (await store.GetInfoAsync("output/j/a.ndjson", default))!.Size);
        await store.DeleteAsync("output/j/a.ndjson", default);
        await store.DeleteAsync("output/j/a.ndjson", default);
        Assert.Null(await store.GetInfoAsync("output/j/a.ndjson", default));
    }

    [Fact]
    public async Task Create_publishes_only_the_first_write_to_a_key()
    {
        var store = CreateStore();
        Assert.Equal(5, await store.TryCreateAsync("uploads/j/🚀 data.parquet", (s, ct) => s.WriteAsync("first"u8.ToArray(), ct).AsTask(), default));
        Assert.Null(await store.TryCreateAsync("uploads/j/🚀 data.parquet", (s, ct) => s.WriteAsync("second!"u8.ToArray(), ct).AsTask(), default));

        await using var read = await store.OpenReadAsync("uploads/j/🚀 data.parquet", default);
        Assert.Equal("first", await new StreamReader(read).ReadToEndAsync());
    }

    [Fact]
    public async Task Of_racing_creates_exactly_one_is_published_and_it_is_whole()
    {
        var store = CreateStore();
        const int Writers = 8;
        for (var round = 0; round < 25; round++)
        {
            // Every writer finishes its bytes before any of them publishes, so the publishes really race.
            var written = 0;
            var allWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var key = $"uploads/race{round}/in.json";
            var writes = Enumerable.Range(0, Writers).Select(i => Task.Run(() => store.TryCreateAsync(key, async (s, ct) =>
            {
                await s.WriteAsync(Encoding.UTF8.GetBytes(new string((char)('a' + i), 10_000)), ct);
                if (Interlocked.Increment(ref written) == Writers) allWritten.SetResult();
                await allWritten.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }, default)));
            var results = await Task.WhenAll(writes);
            var winner = Assert.Single(results.Select((size, writer) => (size, writer)), r => r.size is not null).writer;

            await using var read = await store.OpenReadAsync(key, default);
            Assert.Equal(new string((char)('a' + winner), 10_000), await new StreamReader(read).ReadToEndAsync());
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("uploads/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("uploads/j/..")]
    [InlineData("uploads//x")]
    [InlineData("uploads\\..\\x")]
    [InlineData("C:/x")]
    [InlineData("uploads/.hidden")]
    [InlineData("uploads/a\u0000b")]
    [InlineData("")]
    public async Task Keys_that_could_leave_the_store_are_rejected(string key)
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => store.WriteAsync(key, "x"u8.ToArray(), default));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => store.OpenReadAsync(key, default));
    }
}
