using System.Text;
using Etl.Core.Storage;

namespace Etl.Core.Tests.Storage;

/// <summary>
/// The file-name sanitizer and the storage-key check are one rule: whatever the sanitizer lets through, every key built
/// from it passes the check and fits a file system; whatever the check already accepts, the sanitizer leaves alone.
/// </summary>
public class FileNameRuleTests
{
    private const string JobId = "0193e0a4-8f3c-7d2e-9a41-5b6c7d8e9f01";

    [Fact]
    public void Whatever_the_sanitizer_outputs_every_key_built_from_it_accepts()
    {
        var random = new Random(20261207);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var raw = i % 2 == 0 ? RandomNames.Next(random) : RandomUtf16(random);
            if (!FileNames.TrySanitize(raw, out var safe, out var problem))
            {
                Assert.False(string.IsNullOrWhiteSpace(problem));
                continue;
            }

            accepted++;
            var because = $"raw {Visible(raw)} → {Visible(safe)}";
            AssertAccepted(StorageKeys.Upload(JobId, safe), because);
            foreach (var format in new[] { "ndjson", "json", "parquet" })
            {
                AssertAccepted(StorageKeys.Output(JobId, safe, format), because);
            }

            // The disk store publishes through ".{name}.{32 hex}.partial" in the same folder; that must fit NAME_MAX (255 bytes).
            Assert.True(Encoding.UTF8.GetByteCount(safe) + 42 <= 255, because);
            Assert.True(FileNames.TrySanitize(safe, out var again, out _) && again == safe, $"not idempotent: {because}");
        }

        Assert.True(accepted > 5_000, $"only {accepted} names were accepted; the generator or the rule is off");
    }

    [Fact]
    public void A_name_the_key_check_accepts_is_kept_exactly_as_sent()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var raw = RandomNames.Next(random);
            if (StorageKeys.SegmentProblem(raw) is null && Encoding.UTF8.GetByteCount(raw) <= FileNames.MaxBytes)
            {
                Assert.True(FileNames.TrySanitize(raw, out var safe, out _), Visible(raw));
                Assert.Equal(raw, safe);
            }
        }
    }

    [Theory]
    [InlineData("🚀.parquet")]
    [InlineData("données 📊.parquet")]
    [InlineData("e\u0301te\u0301.parquet")]
    [InlineData("שלום.parquet")]
    [InlineData("zero\u200Bwidth\u200D.parquet")]
    [InlineData("👨‍👩‍👧.parquet")]
    [InlineData("a..b.parquet")]
    [InlineData("CON.parquet")]
    public void Names_people_have_are_kept(string name)
    {
        Assert.True(FileNames.TrySanitize(name, out var safe, out var problem), problem);
        Assert.Equal(name, safe);
        StorageKeys.Validate(StorageKeys.Upload(JobId, safe));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\data.parquet", "data.parquet")]
    [InlineData("a/b/c.parquet", "c.parquet")]
    [InlineData("evil\u0000name\r\n.parquet", "evil_name__.parquet")]
    [InlineData("  spaced  .json ", "spaced  .json")]
    [InlineData("what?#%*.parquet", "what_#%_.parquet")]
    [InlineData("line\u2028break.parquet", "line_break.parquet")]
    [InlineData(".hidden.parquet", "hidden.parquet")]
    [InlineData("trailing.parquet...", "trailing.parquet")]
    public void Only_what_the_storage_layout_forbids_is_changed(string raw, string expected)
    {
        Assert.True(FileNames.TrySanitize(raw, out var safe, out var problem), problem);
        Assert.Equal(expected, safe);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("x.parquet/", "folder")]
    [InlineData("dir\\", "folder")]
    [InlineData("..", "no name")]
    [InlineData("...", "no name")]
    [InlineData(".parquet", "before its extension")]
    [InlineData("...parquet", "before its extension")]
    public void Names_that_name_no_file_are_refused_with_a_reason(string? raw, string reason)
    {
        Assert.False(FileNames.TrySanitize(raw, out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Long_names_are_cut_by_bytes_at_a_character_boundary_keeping_the_extension()
    {
        foreach (var unit in new[] { "a", "é", "🚀", "👨‍👩‍👧", "e\u0301" })
        {
            var raw = string.Concat(Enumerable.Repeat(unit, 300)) + ".parquet";
            Assert.True(FileNames.TrySanitize(raw, out var safe, out _));
            Assert.EndsWith(".parquet", safe);
            Assert.InRange(Encoding.UTF8.GetByteCount(safe), FileNames.MaxBytes - 30, FileNames.MaxBytes);
            var stem = safe[..^".parquet".Length];
            Assert.Equal(0, stem.Length % unit.Length);
            Assert.Equal(string.Concat(Enumerable.Repeat(unit, stem.Length / unit.Length)), stem);
        }
    }

    [Theory]
    [InlineData("uploads/j/🚀.parquet")]
    [InlineData("uploads/j/e\u0301.parquet")]
    public void Keys_with_any_unicode_name_are_valid(string key) => StorageKeys.Validate(key);

    [Theory]
    [InlineData("uploads/j/a*b")]
    [InlineData("uploads/j/a\u0085b")]
    [InlineData("uploads/j/name.")]
    [InlineData("uploads/j/ name")]
    [InlineData("uploads/j/a\u2029b")]
    public void Keys_the_rule_forbids_are_refused(string key) =>
        Assert.Throws<InvalidStorageKeyException>(() => StorageKeys.Validate(key));

    [Fact]
    public void Broken_utf16_is_replaced_in_names_and_refused_in_keys()
    {
        // Built in code: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
        var broken = "broken" + '\uD800' + "half" + '\uDC00' + ".parquet";
        Assert.True(FileNames.TrySanitize(broken, out var safe, out _));
        Assert.Equal("broken_half_.parquet", safe);
        Assert.Throws<InvalidStorageKeyException>(() => StorageKeys.Validate("uploads/j/" + broken));
    }

    private static void AssertAccepted(string key, string because)
    {
        var exception = Record.Exception(() => StorageKeys.Validate(key));
        Assert.True(exception is null, $"{because}: {exception?.Message}");
    }

    private static string RandomUtf16(Random random)
    {
        var chars = new char[random.Next(0, 30)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 0x10000);
        }

        return new string(chars) + (random.Next(2) == 0 ? ".parquet" : string.Empty);
    }

    private static string Visible(string value) => string.Concat(value.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
