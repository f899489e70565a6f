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

    public void Dispose() => _dir.Dispose();
}

public sealed class InMemoryBlobStoreContract : BlobStoreContract
{
    protected override IBlobStore CreateStore() => new InMemoryBlobStore();
}
