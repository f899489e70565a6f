using Etl.Core.Storage;

namespace Etl.Core.Tests.Storage;

public class StorageNamingTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\data.parquet", "data.parquet")]
    [InlineData("a/b/c.parquet", "c.parquet")]
    [InlineData("..", "upload")]
    [InlineData("...parquet", "parquet")]
    [InlineData("evil\u0000name\r\n.parquet", "evil_name__.parquet")]
    [InlineData("  spaced  .json ", "spaced  .json")]
    [InlineData("a..b.parquet", "a.b.parquet")]
    [InlineData("what?#%.parquet", "what___.parquet")]
    [InlineData("", "upload")]
    public void File_names_become_one_safe_segment(string raw, string expected)
    {
        var safe = FileNames.Sanitize(raw);
        Assert.Equal(expected, safe);
        StorageKeys.Validate($"uploads/job/{safe}");
    }

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var safe = FileNames.Sanitize(new string('a', 500) + ".parquet");
        Assert.Equal(200, safe.Length);
        Assert.EndsWith(".parquet", safe);
    }

    [Fact]
    public void Keys_follow_the_design_layout()
    {
        Assert.Equal("uploads/j/sales.parquet", StorageKeys.Upload("j", "sales.parquet"));
        Assert.Equal("output/j/sales.ndjson", StorageKeys.Output("j", "sales.parquet", "ndjson"));
        Assert.Equal("runs/j/profile.json", StorageKeys.Profile("j"));
    }
}
