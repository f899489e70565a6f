namespace Etl.Agents.Merge;

/// <summary>How alike two column names are: the same words (<c>userId</c>, <c>user_id</c>, <c>user__id</c>), or similar ones.</summary>
internal static class ColumnNames
{
    /// <summary>The lower-case words of a name, split at underscores, camelCase humps and letter–digit changes.</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(word, words);
                continue;
            }
            if (word.Length > 0)
            {
                var previous = name[i - 1];
                var hump = char.IsUpper(c) && (char.IsLower(previous) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(previous)));
                var digitChange = char.IsDigit(c) != char.IsDigit(previous);
                if (hump || digitChange) Flush(word, words);
            }
            word.Append(char.ToLowerInvariant(c));
        }
        Flush(word, words);
        return words;
    }

    /// <summary>True when both names are the same words in the same order.</summary>
    public static bool SameWords(string a, string b) => Words(a).SequenceEqual(Words(b), StringComparer.Ordinal);

    /// <summary>
    /// 0–1: the larger of a word match (equal words count 1, a word that abbreviates the other — <c>cust</c>,
    /// <c>customer</c> — 0.8) and the character-bigram overlap of the names without separators (catches typos).
    /// </summary>
    public static double Similarity(string a, string b)
    {
        var wa = Words(a);
        var wb = Words(b);
        if (wa.Count == 0 || wb.Count == 0) return 0;
        var used = new bool[wb.Count];
        var matched = 0.0;
        foreach (var word in wa)
        {
            var best = -1;
            var bestScore = 0.0;
            for (var j = 0; j < wb.Count; j++)
            {
                if (used[j]) continue;
                var score = word == wb[j] ? 1.0 : Abbreviates(word, wb[j]) ? 0.8 : 0.0;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = j;
                }
            }
            if (best < 0) continue;
            used[best] = true;
            matched += bestScore;
        }
        var words = 2 * matched / (wa.Count + wb.Count);
        return Math.Max(words, Bigrams(string.Concat(wa), string.Concat(wb)));
    }

    private static bool Abbreviates(string a, string b) =>
        Math.Min(a.Length, b.Length) >= 3 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));

    private static double Bigrams(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2) return a == b ? 1 : 0;
        var counts = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < a.Length; i++) counts[(a[i], a[i + 1])] = counts.GetValueOrDefault((a[i], a[i + 1])) + 1;
        var shared = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            var pair = (b[i], b[i + 1]);
            if (counts.GetValueOrDefault(pair) <= 0) continue;
            counts[pair]--;
            shared++;
        }
        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }

    private static void Flush(System.Text.StringBuilder word, List<string> words)
    {
        if (word.Length == 0) return;
        words.Add(word.ToString());
        word.Clear();
    }
}
