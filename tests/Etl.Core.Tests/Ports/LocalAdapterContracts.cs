using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Storage;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Ports;

public sealed class SqliteJobStoreContract : JobStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override IJobStore CreateStore() => new SqliteJobStore(Path.Combine(_dir.Path, $"{Guid.NewGuid():N}.db"));

    public void Dispose() => _dir.Dispose();
}

public sealed class InMemoryJobStoreContract : JobStoreContract
{
    protected override IJobStore CreateStore() => new InMemoryJobStore();
}

public sealed class DiskBlobStoreContract : BlobStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override IBlobStore CreateStore() => new DiskBlobStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task A_failed_or_refused_write_leaves_no_file_or_folder_behind()
    {
        var root = Path.Combine(_dir.Path, "pruned");
        var store = new DiskBlobStore(root);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("uploads/j1/data.parquet", async (s, ct) =>
        {
            await s.WriteAsync("partial"u8.ToArray(), ct);
            throw new InvalidOperationException("the client went away");
        }, default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));

        await store.WriteAsync("uploads/j2/kept.parquet", "kept"u8.ToArray(), default);
        Assert.Null(await store.TryCreateAsync("uploads/j2/kept.parquet", (s, ct) => s.WriteAsync("other"u8.ToArray(), ct).AsTask(), default));
        Assert.Equal(["kept.parquet"], Directory.GetFiles(Path.Combine(root, "uploads", "j2")).Select(Path.GetFileName));

        await store.DeleteAsync("uploads/j2/kept.parquet", default);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public async Task Names_of_the_longest_allowed_length_in_any_script_are_stored()
    {
        var store = CreateStore();
        foreach (var unit in new[] { "a", "é", "🚀", "日" })
        {
            Assert.True(FileNames.TrySanitize(string.Concat(Enumerable.Repeat(unit, 400)) + ".parquet", out var name, out _));
            await store.WriteAsync(StorageKeys.Upload("0193e0a4-8f3c-7d2e-9a41-5b6c7d8e9f01", name), "x"u8.ToArray(), default);
            await store.WriteAsync(StorageKeys.Output("0193e0a4-8f3c-7d2e-9a41-5b6c7d8e9f01", name, "parquet"), "x"u8.ToArray(), default);
        }
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class InMemoryBlobStoreContract : BlobStoreContract
{
    protected override IBlobStore CreateStore() => new InMemoryBlobStore();
}
