using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Datasets;

public class ChangeClassifierTests
{
    /// <summary>One row of the table: two versions that differ in exactly one way, and what that way must be graded.</summary>
    public sealed record Case(
        TableSchema[] Old, TableSchema[] New, ChangeCase Rule, ChangeKind Kind, ChangeSeverity Severity,
        string? Column, string? From, string? To);

    private static Case TypeCase(ColumnType from, ColumnType to, ChangeCase rule, ChangeSeverity severity) =>
        new(Version(Orders(Col("amount", from))), Version(Orders(Col("amount", to))),
            rule, ChangeKind.TypeChanged, severity, "amount", from.Name, to.Name);

    private static readonly ForeignKey UserJoin = new(["user_id"], new KeyReference("users", ["id"]));

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["table added"] = new(Version(Orders()), Version(Orders(), Table("users", Col("id", ColumnType.Int64))),
            ChangeCase.TableAdded, ChangeKind.TableAdded, ChangeSeverity.Info, null, null, null),
        ["table dropped"] = new(Version(Orders(), Table("users", Col("id", ColumnType.Int64))), Version(Orders()),
            ChangeCase.TableDropped, ChangeKind.TableDropped, ChangeSeverity.Breaking, null, null, null),
        ["nullable column added"] = new(Version(Orders()), Version(Orders(Col("note", ColumnType.String))),
            ChangeCase.ColumnAddedNullable, ChangeKind.ColumnAdded, ChangeSeverity.Info, "note", null, "STRING"),
        ["required column added"] = new(Version(Orders()), Version(Orders(Col("note", ColumnType.String, nullable: false))),
            ChangeCase.ColumnAddedRequired, ChangeKind.ColumnAdded, ChangeSeverity.Warning, "note", null, "STRING"),
        ["column dropped"] = new(Version(Orders(Col("note", ColumnType.String))), Version(Orders()),
            ChangeCase.ColumnDropped, ChangeKind.ColumnDropped, ChangeSeverity.Breaking, "note", "STRING", null),

        ["INT64 → DOUBLE widens"] = TypeCase(ColumnType.Int64, ColumnType.Double, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["INT32 → INT64 widens"] = TypeCase(ColumnType.Int32, ColumnType.Int64, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["INT64 → DECIMAL(19,0) widens"] = TypeCase(ColumnType.Int64, ColumnType.Decimal(19, 0), ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DECIMAL(10,2) → DECIMAL(12,3) widens"] = TypeCase(ColumnType.Decimal(10, 2), ColumnType.Decimal(12, 3), ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DECIMAL(10,2) → DOUBLE widens"] = TypeCase(ColumnType.Decimal(10, 2), ColumnType.Double, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DATE → TIMESTAMP widens"] = TypeCase(ColumnType.Date, ColumnType.Timestamp, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DATE → TIMESTAMP_LOCAL widens"] = TypeCase(ColumnType.Date, ColumnType.TimestampLocal, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["LIST<INT64> → LIST<DOUBLE> widens"] = TypeCase(ColumnType.ListOf(ColumnType.Int64), ColumnType.ListOf(ColumnType.Double), ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DOUBLE → STRING is text"] = TypeCase(ColumnType.Double, ColumnType.String, ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["TIMESTAMP → STRING is text"] = TypeCase(ColumnType.Timestamp, ColumnType.String, ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["JSON → STRING is text"] = TypeCase(ColumnType.Json, ColumnType.String, ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["INT64 → JSON is text"] = TypeCase(ColumnType.Int64, ColumnType.Json, ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["LIST<STRING> → JSON is text"] = TypeCase(ColumnType.ListOf(ColumnType.String), ColumnType.Json, ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["LIST<INT64> → LIST<STRING> is text"] = TypeCase(ColumnType.ListOf(ColumnType.Int64), ColumnType.ListOf(ColumnType.String), ChangeCase.TypeToText, ChangeSeverity.Warning),
        ["DOUBLE → INT64 narrows"] = TypeCase(ColumnType.Double, ColumnType.Int64, ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["STRING → INT64 narrows"] = TypeCase(ColumnType.String, ColumnType.Int64, ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["JSON → INT64 narrows"] = TypeCase(ColumnType.Json, ColumnType.Int64, ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["TIMESTAMP → DATE narrows"] = TypeCase(ColumnType.Timestamp, ColumnType.Date, ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["INT64 → INT32 narrows"] = TypeCase(ColumnType.Int64, ColumnType.Int32, ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["DECIMAL(12,2) → DECIMAL(10,2) narrows"] = TypeCase(ColumnType.Decimal(12, 2), ColumnType.Decimal(10, 2), ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["INT64 → DECIMAL(18,0) narrows"] = TypeCase(ColumnType.Int64, ColumnType.Decimal(18, 0), ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["DECIMAL(18,0) → INT64 widens"] = TypeCase(ColumnType.Decimal(18, 0), ColumnType.Int64, ChangeCase.TypeWidened, ChangeSeverity.Warning),
        ["DECIMAL(10,2) → DECIMAL(10,3) is incompatible"] = TypeCase(ColumnType.Decimal(10, 2), ColumnType.Decimal(10, 3), ChangeCase.TypeIncompatible, ChangeSeverity.Breaking),
        ["LIST<DOUBLE> → LIST<INT64> narrows"] = TypeCase(ColumnType.ListOf(ColumnType.Double), ColumnType.ListOf(ColumnType.Int64), ChangeCase.TypeNarrowed, ChangeSeverity.Breaking),
        ["BOOLEAN → INT64 is incompatible"] = TypeCase(ColumnType.Boolean, ColumnType.Int64, ChangeCase.TypeIncompatible, ChangeSeverity.Breaking),
        ["INT64 → LIST<INT64> is incompatible"] = TypeCase(ColumnType.Int64, ColumnType.ListOf(ColumnType.Int64), ChangeCase.TypeIncompatible, ChangeSeverity.Breaking),
        ["TIMESTAMP → TIMESTAMP_LOCAL loses the zone"] = TypeCase(ColumnType.Timestamp, ColumnType.TimestampLocal, ChangeCase.TypeZoneChanged, ChangeSeverity.Breaking),
        ["TIMESTAMP_LOCAL → TIMESTAMP invents a zone"] = TypeCase(ColumnType.TimestampLocal, ColumnType.Timestamp, ChangeCase.TypeZoneChanged, ChangeSeverity.Breaking),
        ["STRING → JSON re-encodes"] = TypeCase(ColumnType.String, ColumnType.Json, ChangeCase.TypeReencodedAsJson, ChangeSeverity.Breaking),
        ["DATE → JSON re-encodes"] = TypeCase(ColumnType.Date, ColumnType.Json, ChangeCase.TypeReencodedAsJson, ChangeSeverity.Breaking),

        ["nullable → required with nulls present"] = new(
            Version(Orders(Col("note", ColumnType.String, nullable: true, nullCount: 3))), Version(Orders(Col("note", ColumnType.String, nullable: false))),
            ChangeCase.RequiredWithNullsPresent, ChangeKind.NullabilityChanged, ChangeSeverity.Breaking, "note", "nullable", "required"),
        ["nullable → required with nulls unknown"] = new(
            Version(Orders(Col("note", ColumnType.String, nullable: true, nullCount: null))), Version(Orders(Col("note", ColumnType.String, nullable: false))),
            ChangeCase.RequiredWithNullsUnknown, ChangeKind.NullabilityChanged, ChangeSeverity.Breaking, "note", "nullable", "required"),
        ["nullable → required without nulls"] = new(
            Version(Orders(Col("note", ColumnType.String, nullable: true, nullCount: 0))), Version(Orders(Col("note", ColumnType.String, nullable: false))),
            ChangeCase.RequiredWithoutNulls, ChangeKind.NullabilityChanged, ChangeSeverity.Info, "note", "nullable", "required"),
        ["required → nullable"] = new(
            Version(Orders(Col("note", ColumnType.String, nullable: false))), Version(Orders(Col("note", ColumnType.String, nullable: true))),
            ChangeCase.BecameNullable, ChangeKind.NullabilityChanged, ChangeSeverity.Warning, "note", "required", "nullable"),

        ["primary key changed"] = new(
            Version(Orders(Col("region", ColumnType.String, false)) with { PrimaryKey = ["id"] }),
            Version(Orders(Col("region", ColumnType.String, false)) with { PrimaryKey = ["id", "region"] }),
            ChangeCase.PrimaryKeyChanged, ChangeKind.KeyChanged, ChangeSeverity.Breaking, null, "id", "id, region"),
        ["natural key changed"] = new(
            Version(Orders(Col("order_no", ColumnType.String, false)) with { NaturalKey = new NaturalKey(["id"], 0.9, "unique and named id") }),
            Version(Orders(Col("order_no", ColumnType.String, false)) with { NaturalKey = new NaturalKey(["order_no"], 0.8, "unique") }),
            ChangeCase.NaturalKeyChanged, ChangeKind.KeyChanged, ChangeSeverity.Breaking, null, "id", "order_no"),
        ["natural key lost"] = new(
            Version(Orders() with { NaturalKey = new NaturalKey(["id"], 0.9, "unique and named id") }),
            Version(Orders()),
            ChangeCase.NaturalKeyChanged, ChangeKind.KeyChanged, ChangeSeverity.Breaking, null, "id", null),
        ["foreign key dropped"] = new(
            Version(Orders(Col("user_id", ColumnType.Int64)) with { ForeignKeys = [UserJoin] }),
            Version(Orders(Col("user_id", ColumnType.Int64))),
            ChangeCase.ForeignKeyDropped, ChangeKind.KeyChanged, ChangeSeverity.Breaking, null, "user_id → users.id", null),
        ["foreign key added"] = new(
            Version(Orders(Col("user_id", ColumnType.Int64))),
            Version(Orders(Col("user_id", ColumnType.Int64)) with { ForeignKeys = [UserJoin] }),
            ChangeCase.ForeignKeyAdded, ChangeKind.KeyChanged, ChangeSeverity.Info, null, null, "user_id → users.id"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_kind_of_change_is_graded_by_its_rule(string name)
    {
        var expected = Cases[name];

        var change = Assert.Single(ChangeClassifier.Diff(expected.Old, expected.New));

        Assert.Equal((expected.Kind, expected.Severity), (change.Kind, change.Severity));
        Assert.Equal((expected.Column, expected.From, expected.To), (change.Column, change.From, change.To));
        Assert.Equal(expected.Kind is ChangeKind.TableAdded or ChangeKind.TableDropped ? "users" : "orders", change.Table);
        var rule = SeverityRules.For(expected.Rule);
        Assert.Equal((rule.Kind, rule.Severity), (change.Kind, change.Severity));
        Assert.EndsWith(": " + rule.Consequence, change.Reason, StringComparison.Ordinal);
        Assert.Null(change.Samples);
    }

    [Fact]
    public void The_table_covers_every_rule()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();
        Assert.Equal(Enum.GetValues<ChangeCase>(), Enum.GetValues<ChangeCase>().Where(covered.Contains));
        Assert.Equal(Enum.GetValues<ChangeCase>().Length, SeverityRules.All.Count);
    }

    [Fact]
    public void A_reason_names_the_column_and_both_types()
    {
        var change = Assert.Single(ChangeClassifier.Diff(
            Version(Orders(Col("amount", ColumnType.Double))), Version(Orders(Col("amount", ColumnType.String)))));

        Assert.StartsWith("orders.amount changed from DOUBLE to STRING: ", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_counts_the_nulls_a_required_column_contradicts()
    {
        var change = Assert.Single(ChangeClassifier.Diff(
            Version(Orders(Col("note", ColumnType.String, nullCount: 3))), Version(Orders(Col("note", ColumnType.String, nullable: false)))));

        Assert.StartsWith("orders.note changed from nullable to required (3 nulls in the old version): ", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_is_a_drop_and_an_add()
    {
        var changes = ChangeClassifier.Diff(
            Version(Orders(Col("amount", ColumnType.Double))), Version(Orders(Col("total", ColumnType.Double))));

        Assert.Equal(
            [(ChangeKind.ColumnDropped, "amount", ChangeSeverity.Breaking), (ChangeKind.ColumnAdded, "total", ChangeSeverity.Info)],
            changes.Select(c => (c.Kind, c.Column!, c.Severity)));
    }

    [Fact]
    public void Column_order_is_not_a_change()
    {
        var changes = ChangeClassifier.Diff(
            Version(Orders(Col("a", ColumnType.String), Col("b", ColumnType.Double))),
            Version(Table("orders", Col("b", ColumnType.Double), Col("a", ColumnType.String), Col("id", ColumnType.Int64, false, 0))));

        Assert.Empty(changes);
    }

    [Fact]
    public void Type_and_nullability_changes_of_one_column_are_both_reported_type_first()
    {
        var changes = ChangeClassifier.Diff(
            Version(Orders(Col("amount", ColumnType.Int64, nullable: false))), Version(Orders(Col("amount", ColumnType.Double, nullable: true))));

        Assert.Equal([ChangeKind.TypeChanged, ChangeKind.NullabilityChanged], changes.Select(c => c.Kind));
    }

    [Fact]
    public void Changes_come_in_table_name_order_then_schema_order()
    {
        var old = Version(
            Table("users", Col("id", ColumnType.Int64), Col("name", ColumnType.String)),
            Table("orders", Col("id", ColumnType.Int64), Col("z", ColumnType.Int64), Col("a", ColumnType.Int64), Col("m", ColumnType.Boolean)) with
            {
                PrimaryKey = ["id"],
            },
            Table("legacy", Col("x", ColumnType.String)));
        var @new = Version(
            Table("orders", Col("id", ColumnType.Int64), Col("y", ColumnType.String), Col("z", ColumnType.Double), Col("b", ColumnType.String),
                Col("m", ColumnType.Int64)) with { PrimaryKey = ["z"] },
            Table("users", Col("id", ColumnType.Int64), Col("name", ColumnType.String)),
            Table("accounts", Col("id", ColumnType.Int64)));

        var changes = ChangeClassifier.Diff(old, @new);

        Assert.Equal(
        [
            "table_added accounts",
            "table_dropped legacy",
            "type_changed orders.z",
            "column_dropped orders.a",
            "type_changed orders.m",
            "column_added orders.y",
            "column_added orders.b",
            "key_changed orders",
        ], changes.Select(Describe));
        Assert.Equal(changes.Select(Describe), ChangeClassifier.Diff(Enumerable.Reverse(old).ToArray(), Enumerable.Reverse(@new).ToArray()).Select(Describe));
    }

    [Fact]
    public void A_version_naming_a_table_twice_is_refused_with_the_name()
    {
        var twice = Version(Orders(), Orders());

        var error = Assert.Throws<ArgumentException>(() => ChangeClassifier.Diff(Version(Orders()), twice));

        Assert.Contains("'orders' twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_diffed_with_itself_has_no_changes_and_reversing_swaps_adds_and_drops()
    {
        var random = new Random(20261207);
        for (var round = 0; round < 300; round++)
        {
            var a = RandomVersion(random);
            var b = RandomVersion(random);

            Assert.Empty(ChangeClassifier.Diff(a, a));
            Assert.Empty(ChangeClassifier.Diff(b, b));

            var forward = ChangeClassifier.Diff(a, b).Select(c => (Mirror(c.Kind), c.Table, c.Column)).OrderBy(c => c.ToString(), StringComparer.Ordinal);
            var backward = ChangeClassifier.Diff(b, a).Select(c => (c.Kind, c.Table, c.Column)).OrderBy(c => c.ToString(), StringComparer.Ordinal);
            Assert.Equal(forward, backward);
        }
    }

    private static ChangeKind Mirror(ChangeKind kind) => kind switch
    {
        ChangeKind.TableAdded => ChangeKind.TableDropped,
        ChangeKind.TableDropped => ChangeKind.TableAdded,
        ChangeKind.ColumnAdded => ChangeKind.ColumnDropped,
        ChangeKind.ColumnDropped => ChangeKind.ColumnAdded,
        _ => kind,
    };

    private static readonly ColumnType[] SomeTypes =
    [
        ColumnType.String, ColumnType.Boolean, ColumnType.Int32, ColumnType.Int64, ColumnType.Double, ColumnType.Decimal(10, 2),
        ColumnType.Date, ColumnType.Timestamp, ColumnType.TimestampLocal, ColumnType.Json, ColumnType.ListOf(ColumnType.Int64),
        ColumnType.ListOf(ColumnType.String),
    ];

    private static TableSchema[] RandomVersion(Random random)
    {
        var tables = new List<TableSchema>();
        foreach (var name in new[] { "orders", "orders__items", "users", "events" })
        {
            if (random.Next(4) == 0) continue;
            var columns = new List<ColumnSchema>();
            foreach (var column in new[] { "id", "a", "b", "c", "d" })
            {
                if (random.Next(3) == 0) continue;
                columns.Add(Col(column, SomeTypes[random.Next(SomeTypes.Length)], random.Next(2) == 0, random.Next(3) switch { 0 => null, 1 => 0, _ => 2 }));
            }
            var key = columns.Count > 0 && random.Next(2) == 0 ? new[] { columns[0].Name } : [];
            var joins = random.Next(2) == 0 ? new[] { new ForeignKey(["a"], new KeyReference("users", ["id"])) } : [];
            tables.Add(new TableSchema(name, null, key, key.Length > 0 && random.Next(2) == 0 ? new NaturalKey(key, 0.9, "unique") : null, joins, columns));
        }
        return [.. tables];
    }

    private static string Describe(SchemaChange change) =>
        $"{KindName(change.Kind)} {change.Table}{(change.Column is null ? "" : "." + change.Column)}";

    private static string KindName(ChangeKind kind) =>
        System.Text.Json.JsonSerializer.Serialize(kind).Trim('"');
}
