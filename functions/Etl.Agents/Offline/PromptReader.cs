using System.Text.RegularExpressions;
using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>What one phrase of a prompt asks for.</summary>
internal enum AskKind
{
    Staging,
    Intermediate,
    Tests,
    Fact,
    Dimension,
    Aggregate,
    LifetimeValue,
    Incremental,
    General,
    Unknown,
}

/// <summary>One understood (or not understood) phrase of a prompt.</summary>
/// <param name="Prompt">1-based number of the prompt (prompts are cumulative, oldest first).</param>
/// <param name="Phrase">The phrase as written.</param>
/// <param name="Kind">What it asks for.</param>
/// <param name="Tables">Tables the phrase names (matched on their names, singular or plural).</param>
/// <param name="Grain">For aggregates: hour, day, week, month, year.</param>
/// <param name="Words">The phrase's lower-case words (for column names and measures it names).</param>
internal sealed record Ask(int Prompt, string Phrase, AskKind Kind, IReadOnlyList<SourceTable> Tables, string? Grain, IReadOnlyList<string> Words);

/// <summary>
/// Reads prompts as phrases (split at commas, semicolons, full stops, new lines and "then"/"also"/"plus") and each
/// phrase by the words it uses: staging, intermediate/join, tests, fact/fct_, dimension/dim_, daily/weekly/monthly…,
/// lifetime value/LTV, incremental. Words naming a table pick the table. A phrase that matches nothing is kept as
/// <see cref="AskKind.Unknown"/>, so the plan says it was not done.
/// </summary>
internal static partial class PromptReader
{
    /// <summary>The phrases the offline agent understands, for its notes and for "not understood" decisions.</summary>
    public const string Understood =
        "staging models; intermediate joins; tests; a fact (fct_X, facts for X) or dimension (dim_X, X dimension) for a table; " +
        "daily/weekly/monthly/hourly/yearly aggregates (of revenue, amounts, prices, … by a date); customer lifetime value (LTV); make X incremental";

    private static readonly string[] Filler =
    [
        "a", "an", "the", "and", "or", "of", "for", "to", "with", "by", "on", "in", "me", "us", "please", "dbt", "project", "projects",
        "model", "models", "build", "create", "make", "write", "generate", "add", "give", "want", "need", "i", "we", "some", "all",
        "every", "each", "table", "tables", "data", "set", "up", "new", "should", "would", "like", "that", "this", "it", "them", "from",
        "be", "is", "are", "can", "you", "also", "just", "good", "complete", "full", "analytics", "sql", "mart", "marts", "layer",
    ];

    public static IReadOnlyList<Ask> Read(IReadOnlyList<string> prompts, SourceModelNames names)
    {
        var asks = new List<Ask>();
        for (var p = 0; p < prompts.Count; p++)
        {
            foreach (var phrase in Phrases(prompts[p]))
            {
                asks.AddRange(ReadPhrase(p + 1, phrase, names));
            }
        }
        return asks;
    }

    private static IEnumerable<string> Phrases(string prompt)
    {
        foreach (var part in PhraseBreak().Split(prompt))
        {
            var phrase = part.Trim();
            if (phrase.Length > 0) yield return phrase;
        }
    }

    private static IEnumerable<Ask> ReadPhrase(int prompt, string phrase, SourceModelNames names)
    {
        var lower = phrase.ToLowerInvariant();
        var words = Word().Matches(lower).Select(m => m.Value).ToArray();
        var tables = Tables(words, lower, names);
        var found = false;
        Ask Make(AskKind kind, string? grain = null)
        {
            found = true;
            return new Ask(prompt, phrase, kind, tables, grain, words);
        }

        if (Incremental().IsMatch(lower)) yield return Make(AskKind.Incremental);
        if (LifetimeValue().IsMatch(lower)) yield return Make(AskKind.LifetimeValue);
        else
        {
            foreach (var (pattern, grain) in Grains)
            {
                if (pattern.IsMatch(lower)) yield return Make(AskKind.Aggregate, grain);
            }
        }
        if (Fact().IsMatch(lower)) yield return Make(AskKind.Fact);
        if (Dimension().IsMatch(lower)) yield return Make(AskKind.Dimension);
        if (Staging().IsMatch(lower)) yield return Make(AskKind.Staging);
        if (Intermediate().IsMatch(lower)) yield return Make(AskKind.Intermediate);
        if (Tests().IsMatch(lower)) yield return Make(AskKind.Tests);
        if (found) yield break;
        if (tables.Count > 0 && words.All(w => Array.IndexOf(Filler, w) >= 0 || tables.Any(t => Matches(w, t, names))))
            yield return Make(AskKind.Staging);
        else if (words.All(w => Array.IndexOf(Filler, w) >= 0)) yield return Make(AskKind.General);
        else yield return Make(AskKind.Unknown);
    }

    /// <summary>The tables a phrase names: a model or table name written out, or a word matching a table's last name part (singular or plural).</summary>
    public static IReadOnlyList<SourceTable> Tables(IReadOnlyList<string> words, string lower, SourceModelNames names)
    {
        var matched = new List<SourceTable>();
        foreach (var table in names.Source.Tables)
        {
            if (lower.Contains(table.Schema.Name, StringComparison.Ordinal) || lower.Contains(names.Staging(table), StringComparison.Ordinal)
                || names.Entity(table).Contains('_') && lower.Contains(names.Entity(table), StringComparison.Ordinal))
                matched.Add(table);
        }
        if (matched.Count > 0) return Shallowest(matched, names);
        foreach (var table in names.Source.Tables)
        {
            foreach (var word in words)
            {
                if (Matches(word, table, names))
                {
                    matched.Add(table);
                    break;
                }
            }
        }
        return Shallowest(matched, names);
    }

    /// <summary>True when <paramref name="word"/> names the table: its last name part, or any word of a root table's name.</summary>
    public static bool Matches(string word, SourceTable table, SourceModelNames names)
    {
        if (word.Length < 3 || Array.IndexOf(Filler, word) >= 0) return false;
        var singular = DbtNames.Singular(word);
        var parts = names.Entity(table).Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return false;
        if (DbtNames.Singular(parts[^1]) == singular) return true;
        if (table.Schema.Parent is null)
        {
            foreach (var part in parts)
            {
                if (part.Length >= 3 && !part.All(char.IsAsciiDigit) && DbtNames.Singular(part) == singular) return true;
            }
        }
        return false;
    }

    // A word naming several tables (items under tenders and under awards) means the shallowest of them.
    private static IReadOnlyList<SourceTable> Shallowest(List<SourceTable> tables, SourceModelNames names)
    {
        if (tables.Count <= 1) return tables;
        var byEntityWord = tables.GroupBy(t => names.Entity(t).Split('_')[^1], StringComparer.Ordinal);
        var result = new List<SourceTable>();
        foreach (var group in byEntityWord)
        {
            var best = group.OrderBy(names.Depth).ThenByDescending(t => t.Schema.RowCount).First();
            result.Add(best);
        }
        return names.Source.Tables.Where(result.Contains).ToArray();
    }

    private static readonly (Regex Pattern, string Grain)[] Grains =
    [
        (new Regex(@"\b(hourly|per hour|by hour|each hour)\b", RegexOptions.CultureInvariant), "hour"),
        (new Regex(@"\b(daily|per day|by day|each day|a day|by date|per date)\b", RegexOptions.CultureInvariant), "day"),
        (new Regex(@"\b(weekly|per week|by week|each week)\b", RegexOptions.CultureInvariant), "week"),
        (new Regex(@"\b(monthly|per month|by month|each month)\b", RegexOptions.CultureInvariant), "month"),
        (new Regex(@"\b(yearly|annual|annually|per year|by year|each year)\b", RegexOptions.CultureInvariant), "year"),
    ];

    [GeneratedRegex(@"[,;\n]+|\.(\s|$)+|\s+(?:and then|then|also|plus)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex PhraseBreak();

    [GeneratedRegex(@"[a-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\bincremental(ly)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Incremental();

    [GeneratedRegex(@"\b(lifetime[ -]value|ltv|clv|customer value)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LifetimeValue();

    [GeneratedRegex(@"\b(fct_[a-z0-9_]+|facts?|fact tables?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Fact();

    [GeneratedRegex(@"\b(dim_[a-z0-9_]+|dimensions?|dims?|dimension tables?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Dimension();

    [GeneratedRegex(@"\b(staging|stage|stg|sources?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Staging();

    [GeneratedRegex(@"\b(intermediate|joins?|joined|joining)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Intermediate();

    [GeneratedRegex(@"\b(tests?|tested|testing|data quality)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Tests();
}
