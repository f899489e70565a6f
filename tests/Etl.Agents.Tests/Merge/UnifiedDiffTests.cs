using Etl.Agents.Merge;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Merge;

public class UnifiedDiffTests
{
    private const string ModelsBefore = """
        version: 2

        models:
          - name: stg_shop__orders
            description: One row per order.
            columns:
              - name: order_id
                description: The order's key.
                data_tests:
                  - unique
                  - not_null
              - name: userid
                description: Who ordered.
              - name: amount
              - name: coupon
                description: The coupon code used.
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped']

        """;

    private const string ModelsAfter = """
        version: 2

        models:
          - name: stg_shop__orders
            description: One row per order.
            columns:
              - name: order_id
                description: The order's key.
                data_tests:
                  - unique
                  - not_null
              - name: user_id
                description: Who ordered.
              - name: amount
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped', 'returned']
              - name: ordered_at

        """;

    private const string SqlBefore = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                userid,
                cast(amount as double) as amount,
                coupon,
                status
            from source

        )

        select * from renamed

        """;

    private const string SqlAfter = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                user_id,
                cast(amount as double) as amount,
                status,
                cast(ordered_at as timestamp) as ordered_at
            from source

        )

        select * from renamed
        """;

    public static TheoryData<string, string?, string?> Cases() => new()
    {
        { "models/staging/shop/_shop__models.yml", ModelsBefore, ModelsAfter },
        { "models/staging/shop/stg_shop__orders.sql", SqlBefore, SqlAfter },
        { "models/staging/shop/stg_shop__orders.sql", SqlAfter, SqlBefore },
        { "models/marts/fct_orders.sql", null, SqlAfter },
        { "models/marts/fct_orders.sql", SqlBefore, null },
        { "README.md", "one\n", "one" },
        { "README.md", "", "x\n" },
        { "README.md", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\n" },
        { "README.md", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nL\nm\nn\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_gnu_diff_on_project_files(string path, string? before, string? after)
    {
        Assert.Equal(GnuDiff.Unified(path, before, after), UnifiedDiff.OfFile(path, before, after));
    }

    [Fact]
    public void Renders_exactly_the_changed_lines_of_a_schema_change()
    {
        var diff = UnifiedDiff.OfFile("m.yml", ModelsBefore, ModelsAfter);

        var changed = diff.Split('\n').Where(l => l.Length > 0 && (l[0] == '+' || l[0] == '-') && !l.StartsWith("+++") && !l.StartsWith("---")).ToList();
        Assert.Equal(
            [
                "-      - name: userid", "+      - name: user_id",
                "-      - name: coupon", "-        description: The coupon code used.",
                "-                values: ['placed', 'shipped']", "+                values: ['placed', 'shipped', 'returned']",
                "+      - name: ordered_at",
            ],
            changed);
    }

    [Fact]
    public void Matches_gnu_diff_on_random_edits_of_repetitive_text()
    {
        // A small alphabet makes many equally short diffs: the hunks must still be the ones GNU diff picks. --minimal
        // turns off GNU's discarding of lines that occur many times, a speed heuristic that can pick a longer diff.
        var random = new Random(11);
        string[] alphabet = ["a\n", "b\n", "c\n", "\n", "),\n", "select\n"];
        for (var round = 0; round < 300; round++)
        {
            var before = RandomText(random, alphabet, random.Next(0, 25));
            var after = Mutate(random, alphabet, before);
            if (random.Next(10) == 0) after = after.TrimEnd('\n');
            Assert.Equal(GnuDiff.Unified("f.txt", before, after, "--minimal"), UnifiedDiff.OfFile("f.txt", before, after));
        }
    }

    [Fact]
    public void Matches_gnu_diff_on_a_long_file_with_scattered_edits()
    {
        var before = string.Concat(Enumerable.Range(0, 20000).Select(i => $"    col_{i % 997} as c{i},\n"));
        var lines = TextLines.Split(before).ToList();
        for (var i = 19000; i > 0; i -= 1700)
        {
            lines.Insert(i, "    added,\n");
            lines.RemoveAt(i - 40);
            lines[i - 300] = "    changed,\n";
        }
        var after = string.Concat(lines);

        Assert.Equal(GnuDiff.Unified("big.sql", before, after), UnifiedDiff.OfFile("big.sql", before, after));
    }

    [Fact]
    public void A_project_diff_applies_with_gnu_patch()
    {
        var random = new Random(5);
        string[] alphabet = ["a\n", "b\n", "c\n", "\n", "),\n", "select\n"];
        var before = new Dictionary<string, string>();
        var after = new Dictionary<string, string>();
        for (var i = 0; i < 40; i++)
        {
            var path = $"models/m{i:D2}.sql";
            var text = RandomText(random, alphabet, random.Next(1, 60));
            if (i % 10 != 3) before[path] = text;
            if (i % 10 != 7) after[path] = i % 10 == 5 ? text : Mutate(random, alphabet, text);
        }
        var from = new ProjectFiles(before);
        var to = new ProjectFiles(after);
        using var dir = new TempDirectory();
        foreach (var (path, text) in before)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir.Path, path))!);
            File.WriteAllText(Path.Combine(dir.Path, path), text);
        }

        GnuDiff.Apply(dir.Path, UnifiedDiff.Between(from, to));

        foreach (var (path, text) in after) Assert.Equal(text, File.ReadAllText(Path.Combine(dir.Path, path)));
        foreach (var path in before.Keys.Except(after.Keys)) Assert.False(File.Exists(Path.Combine(dir.Path, path)), path);
    }

    [Fact]
    public void Identical_projects_have_an_empty_diff()
    {
        var project = new ProjectFiles(new Dictionary<string, string> { ["a.sql"] = SqlBefore, ["b.yml"] = ModelsBefore });
        Assert.Equal("", UnifiedDiff.Between(project, project));
    }

    private static string RandomText(Random random, string[] alphabet, int lines)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }

    private static string Mutate(Random random, string[] alphabet, string text)
    {
        var lines = TextLines.Split(text).ToList();
        var edits = random.Next(0, 6);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(lines.Count + 1);
            switch (random.Next(3))
            {
                case 0: lines.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                case 1 when at < lines.Count: lines.RemoveAt(at); break;
                default: if (at < lines.Count) lines[at] = alphabet[random.Next(alphabet.Length)]; break;
            }
        }
        return string.Concat(lines);
    }
}
