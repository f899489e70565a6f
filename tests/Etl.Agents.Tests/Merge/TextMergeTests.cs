using Etl.Agents.Merge;

namespace Etl.Agents.Tests.Merge;

public class TextMergeTests
{
    private const string Base = "a\nb\nc\nd\ne\nf\ng\n";

    [Fact]
    public void Changes_to_different_lines_are_both_applied()
    {
        var merge = TextMerge.Of(Base, "a\nB\nc\nd\ne\nf\ng\n", "a\nb\nc\nd\ne\nF\ng\nh\n");

        Assert.Equal("a\nB\nc\nd\ne\nF\ng\nh\n", merge.Text);
        Assert.Empty(merge.Conflicts);
    }

    [Fact]
    public void The_same_change_on_both_sides_is_taken_once()
    {
        var merge = TextMerge.Of(Base, "a\nX\nc\nd\ne\nf\ng\n", "a\nX\nc\nd\ne\nf\ng\n");

        Assert.Equal("a\nX\nc\nd\ne\nf\ng\n", merge.Text);
    }

    [Fact]
    public void A_merged_side_merges_again_to_itself()
    {
        var human = "a\nB\nc\nd\ne\nf\ng\n";
        var generated = "a\nb\nc\nd\ne\nF\ng\nh\n";
        var once = TextMerge.Of(Base, human, generated).Text!;

        Assert.Equal(once, TextMerge.Of(Base, once, generated).Text);
    }

    [Fact]
    public void Different_changes_to_the_same_or_touching_lines_conflict()
    {
        var same = TextMerge.Of(Base, "a\nb\nC1\nd\ne\nf\ng\n", "a\nb\nC2\nd\ne\nf\ng\n");
        var touching = TextMerge.Of(Base, "a\nb\nC\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
        var insertions = TextMerge.Of(Base, "a\nb\nc\nx\nd\ne\nf\ng\n", "a\nb\nc\ny\nd\ne\nf\ng\n");

        Assert.Null(same.Text);
        Assert.Equal([new TextConflict(2, 3)], same.Conflicts);
        Assert.Equal([new TextConflict(2, 4)], touching.Conflicts);
        Assert.Equal([new TextConflict(3, 3)], insertions.Conflicts);
    }

    [Fact]
    public void One_sided_changes_are_taken_whole()
    {
        var random = new Random(3);
        for (var round = 0; round < 100; round++)
        {
            var @base = string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => "abc"[random.Next(3)] + "\n"));
            var edited = string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => "abcd"[random.Next(4)] + "\n"));

            Assert.Equal(edited, TextMerge.Of(@base, edited, @base).Text);
            Assert.Equal(edited, TextMerge.Of(@base, @base, edited).Text);
            Assert.Equal(edited, TextMerge.Of(@base, edited, edited).Text);
        }
    }
}
