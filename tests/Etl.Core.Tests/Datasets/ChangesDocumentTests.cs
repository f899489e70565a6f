using System.Text.Json.Nodes;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Datasets;

public class ChangesDocumentTests
{
    [Fact]
    public void Changes_json_has_the_designed_shape_and_exact_strings()
    {
        var changes = ChangeClassifier.Diff(
            [Orders(Col("amount", ColumnType.Double), Col("note", ColumnType.String))],
            [Orders(Col("amount", ColumnType.String)), Table("orders__items", Col("sku", ColumnType.String))]);
        var document = new ChangesDocument("orders", 2, 3, PolicyDecision.Decide(changes, ChangePolicy.Evolve), changes);

        Assert.Equal(
            """
            {
              "dataset": "orders",
              "fromVersion": 2,
              "toVersion": 3,
              "decision": "held-for-review",
              "changes": [
                {
                  "kind": "type_changed",
                  "table": "orders",
                  "column": "amount",
                  "from": "DOUBLE",
                  "to": "STRING",
                  "severity": "warning",
                  "reason": "orders.amount changed from DOUBLE to STRING: every old value keeps its text, but readers that compute with it (sums, comparisons, date arithmetic) must cast it back"
                },
                {
                  "kind": "column_dropped",
                  "table": "orders",
                  "column": "note",
                  "from": "STRING",
                  "severity": "breaking",
                  "reason": "orders.note (STRING) was dropped: every query that selects it fails (a rename shows as this drop plus an add)"
                },
                {
                  "kind": "table_added",
                  "table": "orders__items",
                  "severity": "info",
                  "reason": "table orders__items was added: no existing query reads it"
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            document.ToJson().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_first_version_writes_fromVersion_null_and_samples_when_filled()
    {
        var change = new SchemaChange(ChangeKind.NullabilityChanged, "orders", "note", "nullable", "required", ChangeSeverity.Breaking, "r")
        {
            Samples = [new JsonObject { ["id"] = 7, ["note"] = null }],
        };
        var json = JsonNode.Parse(new ChangesDocument("orders", null, 1, ChangeDecision.Applied, [change]).ToJson())!;

        Assert.True(json.AsObject().ContainsKey("fromVersion"));
        Assert.Null(json["fromVersion"]);
        Assert.Equal("""[{"id":7,"note":null}]""", json["changes"]![0]!["samples"]!.ToJsonString());
    }

    [Theory]
    [InlineData(ChangeDecision.Applied, "applied")]
    [InlineData(ChangeDecision.HeldForReview, "held-for-review")]
    [InlineData(ChangeDecision.Rejected, "rejected")]
    public void Decisions_are_written_as_designed(ChangeDecision decision, string expected)
    {
        var json = JsonNode.Parse(new ChangesDocument("d", 1, 2, decision, []).ToJson())!;

        Assert.Equal(expected, json["decision"]!.GetValue<string>());
    }

    [Fact]
    public void Every_kind_and_severity_is_written_as_designed()
    {
        var kinds = Enum.GetValues<ChangeKind>().Select(k => System.Text.Json.JsonSerializer.Serialize(k));
        var severities = Enum.GetValues<ChangeSeverity>().Select(s => System.Text.Json.JsonSerializer.Serialize(s));
        var policies = Enum.GetValues<ChangePolicy>().Select(s => System.Text.Json.JsonSerializer.Serialize(s));

        Assert.Equal(
            ["\"table_added\"", "\"table_dropped\"", "\"column_added\"", "\"column_dropped\"", "\"type_changed\"", "\"nullability_changed\"", "\"key_changed\""],
            kinds);
        Assert.Equal(["\"info\"", "\"warning\"", "\"breaking\""], severities);
        Assert.Equal(["\"evolve\"", "\"freeze\"", "\"review\""], policies);
    }

    [Fact]
    public void A_document_reads_back_as_written()
    {
        var changes = ChangeClassifier.Diff(
            [Orders(Col("at", ColumnType.Timestamp))], [Orders(Col("at", ColumnType.TimestampLocal), Col("n", ColumnType.Int64, false))]);
        var json = new ChangesDocument("orders", 4, 5, ChangeDecision.HeldForReview, changes).ToJson();

        var read = ChangesDocument.Parse(json);

        Assert.Equal(("orders", (int?)4, 5, ChangeDecision.HeldForReview), (read.Dataset, read.FromVersion, read.ToVersion, read.Decision));
        Assert.Equal(changes, read.Changes);
        Assert.Equal(json, read.ToJson());
    }

    [Theory]
    [InlineData("""{"dataset":"d","fromVersion":1,"toVersion":2,"decision":"approved","changes":[]}""", "$.decision")]
    [InlineData("""{"fromVersion":1,"toVersion":2,"decision":"applied","changes":[]}""", "'dataset' and 'changes' are required")]
    [InlineData("""{"dataset":"d","fromVersion":1,"toVersion":2,"decision":"applied","changes":[{"kind":"column_renamed","table":"t","severity":"info","reason":"r"}]}""", "$.changes[0].kind")]
    public void A_malformed_document_is_refused_saying_what_is_wrong(string json, string mentioned)
    {
        var error = Assert.Throws<FormatException>(() => ChangesDocument.Parse(json));

        Assert.Contains("not a changes document", error.Message, StringComparison.Ordinal);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }
}
