using Etl.Core.Datasets.Keys;

namespace Etl.Core.Tests.Datasets.Keys;

public class KeyNamesTests
{
    [Theory]
    [InlineData("user_id", "user")]
    [InlineData("user_key", "user")]
    [InlineData("userId", "user")]
    [InlineData("orderItemId", "order_item")]
    [InlineData("userKey", "user")]
    [InlineData("item2Id", "item2")]
    [InlineData("id", null)]
    [InlineData("_id", null)]
    [InlineData("paid", null)]
    [InlineData("sku", null)]
    [InlineData("monkey", null)]
    public void A_key_like_name_names_what_it_references(string column, string? stem)
    {
        Assert.Equal(stem, KeyNames.Stem(column));
    }

    [Theory]
    [InlineData("user", "user", true)]
    [InlineData("user", "users", true)]
    [InlineData("box", "boxes", true)]
    [InlineData("category", "categories", true)]
    [InlineData("item", "orders__items", true)]
    [InlineData("order_item", "order_items", true)]
    [InlineData("user", "users__profiles", false)]
    [InlineData("user", "customers", false)]
    [InlineData("use", "users", false)]
    public void A_stem_names_a_table_singular_or_plural_or_its_last_segment(string stem, string table, bool names)
    {
        Assert.Equal(names, KeyNames.NamesTable(stem, table));
    }
}
