using Etl.Core.Storage;

namespace Etl.Core.Tests.Storage;

public class StorageNamingTests
{
    [Fact]
    public void Keys_follow_the_design_layout()
    {
        Assert.Equal("uploads/j/sales.parquet", StorageKeys.Upload("j", "sales.parquet"));
        Assert.Equal("output/j/sales.ndjson", StorageKeys.Output("j", "sales.parquet", "ndjson"));
        Assert.Equal("runs/j/profile.json", StorageKeys.Profile("j"));
    }
}
