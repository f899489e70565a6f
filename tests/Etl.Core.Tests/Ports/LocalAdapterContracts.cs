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
    public async Task A_failed_first_write_leaves_no_temporary_file_and_no_empty_folder()
    {
        var root = Path.Combine(_dir.Path, "failed-first-write");
        var store = new DiskBlobStore(root);
        await store.WriteAsync("uploads/job/in.parquet", "kept"u8.ToArray(), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("output/job/out.json", async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            throw new InvalidOperationException("stopped at a limit");
        }, default));

        Assert.Equal([Path.Combine(root, "uploads", "job", "in.parquet")], Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(File.Exists));
        Assert.False(Directory.Exists(Path.Combine(root, "output", "job")));
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class InMemoryBlobStoreContract : BlobStoreContract
{
    protected override IBlobStore CreateStore() => new InMemoryBlobStore();
}
