namespace Etl.Parquet.Tests;

public class ParquetFormatExceptionTests
{
    [Fact]
    public void Message_names_every_known_location()
    {
        var ex = new ParquetFormatException("bad page").At(rowGroup: 1, column: "a.b", page: 3, offset: 42);
        Assert.Equal("bad page (at row group 1, column 'a.b', page 3, byte offset 42)", ex.Message);
    }

    [Fact]
    public void Inner_location_is_not_overwritten_by_outer_layers()
    {
        var ex = new ParquetFormatException("x").At(page: 2).At(rowGroup: 0, page: 9);
        Assert.Equal(2, ex.Page);
        Assert.Equal(0, ex.RowGroup);
    }
}
