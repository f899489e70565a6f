using System.Text;
using System.Text.RegularExpressions;
using Etl.Core.Normalize;

namespace Etl.Core.Tests.Normalize;

/// <summary>Random Unicode paths (fixed seed): the naming invariants hold for every one of them.</summary>
public partial class TableNamerPropertyTests
{
    private const int Datasets = 200;
    private const string Punctuation = " _-.$@/\\\"'\t\n\0";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ValidName();

    [Fact]
    public void Every_name_is_valid_unique_reproducible_and_every_change_has_an_alias()
    {
        var random = new Random(20261207);
        var names = 0;
        for (var d = 0; d < Datasets; d++)
        {
            var plan = Plan.Random(random);
            var first = plan.Apply(new TableNamer(plan.Dataset));
            var again = plan.Apply(new TableNamer(plan.Dataset));

            Assert.Equal(first.Names.Select(Text), again.Names.Select(Text));
            foreach (var (kind, table, path, name) in first.Names)
            {
                Assert.Matches(ValidName(), name);
                if (kind == NameKind.Column) Assert.False(ReservedColumns.IsReserved(name), name);
                var original = kind == NameKind.Column ? string.Join("__", path) : null;
                if (original is not null && original != name)
                    Assert.Contains(first.Namer.Aliases, a => a.Kind == NameKind.Column && a.Table == table && a.Name == name && a.Original == original);
            }
            var tables = first.Names.Where(n => n.Kind == NameKind.Table).Select(n => n.Name).ToList();
            Assert.Equal(tables.Count, tables.Distinct().Count());
            foreach (var group in first.Names.Where(n => n.Kind == NameKind.Column).GroupBy(n => n.Table))
                Assert.Equal(group.Count(), group.Select(n => n.Name).Distinct().Count());
            // Every alias names something given, and nothing unchanged has an alias.
            Assert.All(first.Namer.Aliases, a => Assert.NotEqual(a.Original, a.Name));
            Assert.Equal(first.Namer.Aliases.Count, first.Namer.Aliases.Select(a => (a.Kind, a.Table, a.Name)).Distinct().Count());
            names += first.Names.Count;
        }
        Assert.True(names > 5000, $"only {names} names were generated");
    }

    [Fact]
    public void A_table_differing_from_its_source_has_an_alias_with_its_source_name()
    {
        var random = new Random(7);
        for (var d = 0; d < Datasets; d++)
        {
            var plan = Plan.Random(random);
            var run = plan.Apply(new TableNamer(plan.Dataset));
            var originals = new Dictionary<string, string> { [run.Namer.RootTable] = plan.Dataset };
            foreach (var (kind, parent, path, name) in run.Names)
            {
                if (kind != NameKind.Table) continue;
                if (parent is null) continue;
                var original = originals[parent] + "__" + string.Join("__", path);
                originals.TryAdd(name, original);
                if (original != name)
                    Assert.Contains(run.Namer.Aliases, a => a.Kind == NameKind.Table && a.Name == name && a.Original == original);
            }
            if (plan.Dataset != run.Namer.RootTable)
                Assert.Contains(run.Namer.Aliases, a => a.Kind == NameKind.Table && a.Table is null && a.Original == plan.Dataset);
        }
    }

    private static string Text((NameKind Kind, string? Table, string[] Path, string Name) n) =>
        $"{n.Kind}|{n.Table}|{string.Join("\u0001", n.Path)}|{n.Name}";

    private sealed record Run(TableNamer Namer, List<(NameKind Kind, string? Table, string[] Path, string Name)> Names);

    /// <summary>A dataset name and a sequence of naming requests, replayable on a fresh namer.</summary>
    private sealed record Plan(string Dataset, List<(bool IsTable, int Parent, string[] Path)> Requests)
    {
        public static Plan Random(Random random)
        {
            var requests = new List<(bool, int, string[])>();
            var tables = 1;
            var count = random.Next(20, 60);
            for (var i = 0; i < count; i++)
            {
                var isTable = random.Next(5) == 0;
                var path = Enumerable.Range(0, random.Next(1, random.Next(5) == 0 ? 8 : 3)).Select(_ => Key(random)).ToArray();
                requests.Add((isTable, random.Next(tables), path));
                if (isTable) tables++;
            }
            // Repeat some requests so memoization is exercised.
            for (var i = 0; i < 5; i++) requests.Add(requests[random.Next(requests.Count)]);
            return new Plan(Key(random), requests);
        }

        public Run Apply(TableNamer namer)
        {
            var tables = new List<string> { namer.RootTable };
            var names = new List<(NameKind, string?, string[], string)> { (NameKind.Table, null, [], namer.RootTable) };
            foreach (var (isTable, parent, path) in Requests)
            {
                var table = tables[Math.Min(parent, tables.Count - 1)];
                if (isTable)
                {
                    var name = namer.TableName(table, path);
                    if (!tables.Contains(name)) tables.Add(name);
                    names.Add((NameKind.Table, table, path, name));
                }
                else names.Add((NameKind.Column, table, path, namer.ColumnName(table, path)));
            }
            return new Run(namer, names.Distinct(PathComparer.Instance).ToList());
        }
    }

    // Keys built to hit the rules: ASCII words in mixed case, accents, other scripts, emoji, punctuation, digits,
    // reserved names, empties, long runs — and a small vocabulary so clashes are frequent.
    private static string Key(Random random)
    {
        string[] vocabulary = ["id", "Id", "ID", "user_id", "userId", "UserID", "_etl_key", "_etl_position", "_etl", "name", "Name",
            "NAME", "n-a-m-e", "café", "cafe", "CAFÉ", "", " ", "_", "1", "1st", "🎉", "名前", "a", "A", "order", "select"];
        if (random.Next(3) == 0) return vocabulary[random.Next(vocabulary.Length)];
        var length = random.Next(4) == 0 ? random.Next(40, 120) : random.Next(0, 12);
        var key = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var kind = random.Next(10);
            if (kind < 5) key.Append((char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26)));
            else if (kind == 5) key.Append((char)('0' + random.Next(10)));
            else if (kind == 6) key.Append(Punctuation[random.Next(Punctuation.Length)]);
            else if (kind == 7) key.Append((char)random.Next(0xC0, 0x250));
            else if (kind == 8) key.Append(char.ConvertFromUtf32(random.Next(2) == 0 ? random.Next(0x1F300, 0x1FAFF) : random.Next(0x370, 0x3000)));
            else key.Append((char)random.Next(0xD800, 0xE000)); // lone surrogates: JSON allows them as escapes
        }
        return key.ToString();
    }

    private sealed class PathComparer : IEqualityComparer<(NameKind Kind, string? Table, string[] Path, string Name)>
    {
        public static readonly PathComparer Instance = new();

        public bool Equals((NameKind Kind, string? Table, string[] Path, string Name) x, (NameKind Kind, string? Table, string[] Path, string Name) y) =>
            x.Kind == y.Kind && x.Table == y.Table && x.Path.SequenceEqual(y.Path) && x.Name == y.Name;

        public int GetHashCode((NameKind Kind, string? Table, string[] Path, string Name) obj) =>
            HashCode.Combine(obj.Kind, obj.Table, obj.Path.Length, obj.Name);
    }
}
