using System.Text;
using Etl.Core.Agents;
using Etl.Core.Normalize;

namespace Etl.Agents.Validation.Tests.Fixtures;

/// <summary>
/// A small shop dataset written the way the product writes datasets: JSON normalized into Parquet tables by
/// <see cref="JsonNormalizer"/> (orders with their items as a child table, customers). Source <c>shop</c>.
/// </summary>
public sealed class ShopDataset : IDisposable
{
    private const string Orders = """
        [
          {"order_id": 1, "customer_id": 10, "status": "shipped", "amount": 12.5, "ordered_at": "2024-01-01T10:00:00Z", "items": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}]},
          {"order_id": 2, "customer_id": 11, "status": "placed", "amount": 40.0, "ordered_at": "2024-01-02T11:30:00Z", "items": [{"sku": "A", "qty": 1}]},
          {"order_id": 3, "customer_id": 10, "status": "returned", "amount": 7.25, "ordered_at": "2024-01-03T09:15:00Z", "items": [{"sku": "C", "qty": 3}]},
          {"order_id": 4, "customer_id": 12, "status": "shipped", "amount": 99.0, "ordered_at": "2024-01-04T16:45:00Z", "items": []},
          {"order_id": 5, "customer_id": 99, "status": "placed", "amount": 5.0, "ordered_at": "2024-01-05T08:00:00Z", "items": [{"sku": "B", "qty": 4}]}
        ]
        """;

    private const string Customers = """
        [
          {"customer_id": 10, "name": "Ann", "country": "DE"},
          {"customer_id": 11, "name": "Bob", "country": "FR"},
          {"customer_id": 12, "name": "Cem", "country": "DE"},
          {"customer_id": 12, "name": "Cem again", "country": "TR"}
        ]
        """;

    private readonly TempDirectory _folder = new();

    public ShopDataset()
    {
        var tables = new List<SourceTableData>();
        foreach (var (dataset, json) in (ReadOnlySpan<(string, string)>)[("orders", Orders), ("customers", Customers)])
        {
            var sink = new DirectoryTableSink(Path.Combine(_folder.Path, dataset));
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
            var document = JsonNormalizer.Normalize(input, dataset, sink);
            foreach (var table in document.Tables) tables.Add(new SourceTableData("shop", table.Name, sink.PathOf(table.Name)));
        }
        Tables = tables;
    }

    /// <summary>shop.orders (5 rows), shop.orders__items (6 rows), shop.customers (4 rows, customer 12 twice).</summary>
    public IReadOnlyList<SourceTableData> Tables { get; }

    public void Dispose() => _folder.Dispose();
}
