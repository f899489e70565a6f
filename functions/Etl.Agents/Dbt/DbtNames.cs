using System.Text;
using System.Text.RegularExpressions;
using Etl.Core.Agents;

namespace Etl.Agents.Dbt;

/// <summary>
/// The one place the project's names and paths are made (dbt's own conventions, as dbt-labs/jaffle-shop uses them):
/// <c>stg_&lt;source&gt;__&lt;entity&gt;s</c> under <c>models/staging/&lt;source&gt;/</c>, <c>int_&lt;entity&gt;_&lt;verb&gt;</c>
/// under <c>models/intermediate/</c>, <c>fct_</c>/<c>dim_</c> under <c>models/marts/</c>, one YAML file per folder.
/// </summary>
public static partial class DbtNames
{
    public const string ProjectFile = "dbt_project.yml";
    public const string ProfilesExample = "profiles.example.yml";
    public const string Readme = "README.md";
    public const string IntermediateYaml = "models/intermediate/_int__models.yml";
    public const string MartsYaml = "models/marts/_marts__models.yml";

    /// <summary>Lower-case <c>[a-z0-9_]</c>, starting with a letter or underscore, no doubled underscore at the ends.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }
        var name = builder.ToString().Trim('_');
        if (name.Length == 0) return "model";
        return char.IsAsciiDigit(name[0]) ? "n_" + name : name;
    }

    /// <summary>The dbt project's name for a source.</summary>
    public static string Project(string sourceName) => Identifier(sourceName);

    /// <summary>
    /// What a table is about, for model names: the table's name without the source's own name in front (the root
    /// table of a normalized dataset is named after it), nesting separators <c>__</c> folded to <c>_</c>, and plural.
    /// </summary>
    public static string Entity(string sourceName, string table)
    {
        // The root table of a normalized dataset is named after it: the entity is the dataset itself.
        if (table == sourceName) return Identifier(table);
        var name = table;
        if (name.StartsWith(sourceName + "__", StringComparison.Ordinal)) name = name[(sourceName.Length + 2)..];
        while (name.Contains("__", StringComparison.Ordinal)) name = name.Replace("__", "_", StringComparison.Ordinal);
        return Plural(Identifier(name));
    }

    /// <summary>
    /// The plural of the last word (<c>item</c> → <c>items</c>, <c>category</c> → <c>categories</c>, <c>box</c> →
    /// <c>boxes</c>); kept when it already ends in s, or is not a word (digits, a shortened name's hash).
    /// </summary>
    public static string Plural(string name)
    {
        var last = name[(name.LastIndexOf('_') + 1)..];
        if (last.Length < 2 || !IsWord(last) || ShortenedHash().IsMatch(last) || last.EndsWith('s')) return name;
        if (last.EndsWith('x') || last.EndsWith('z') || last.EndsWith("ch", StringComparison.Ordinal) || last.EndsWith("sh", StringComparison.Ordinal))
            return name + "es";
        if (last.EndsWith('y') && last.Length > 1 && !"aeiou".Contains(last[^2], StringComparison.Ordinal)) return name[..^1] + "ies";
        return name + "s";
    }

    /// <summary>The singular of a word, for matching a prompt's words against table names (<c>orders</c> → <c>order</c>).</summary>
    public static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.Length > 4 && (word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal)
            || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal))) return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal)) return word[..^1];
        return word;
    }

    public static string Staging(string sourceName, string table) => StagingOfEntity(sourceName, Entity(sourceName, table));

    /// <summary><c>stg_&lt;source&gt;__&lt;entity&gt;</c>, for an entity already made unique among the source's tables.</summary>
    public static string StagingOfEntity(string sourceName, string entity) => $"stg_{Identifier(sourceName)}__{entity}";

    public static string StagingFolder(string sourceName) => $"models/staging/{Identifier(sourceName)}";

    public static string StagingPath(string sourceName, string model) => $"{StagingFolder(sourceName)}/{model}.sql";

    public static string SourcesYaml(string sourceName) => $"{StagingFolder(sourceName)}/_{Identifier(sourceName)}__sources.yml";

    public static string StagingYaml(string sourceName) => $"{StagingFolder(sourceName)}/_{Identifier(sourceName)}__models.yml";

    /// <summary>A child table's rows with its parent's columns: <c>int_&lt;entity&gt;_joined</c>.</summary>
    public static string Joined(string entity) => $"int_{entity}_joined";

    public static string Fact(string entity) => $"fct_{entity}";

    public static string Dimension(string entity) => $"dim_{entity}";

    /// <summary>A time-grain aggregate: <c>fct_&lt;entity&gt;_daily</c>, <c>_weekly</c>, <c>_monthly</c>.</summary>
    public static string Aggregate(string entity, string grainAdjective) => $"fct_{entity}_{grainAdjective}";

    public static string LifetimeValue(string keyEntity) => $"fct_{keyEntity}_lifetime_value";

    /// <summary>The .sql file of a model of <paramref name="layer"/>.</summary>
    public static string ModelPath(string sourceName, string layer, string model) => layer switch
    {
        ModelLayers.Staging => StagingPath(sourceName, model),
        ModelLayers.Intermediate => $"models/intermediate/{model}.sql",
        _ => $"models/marts/{model}.sql",
    };

    /// <summary>The YAML file that describes the models of <paramref name="layer"/>.</summary>
    public static string ModelsYaml(string sourceName, string layer) => layer switch
    {
        ModelLayers.Staging => StagingYaml(sourceName),
        ModelLayers.Intermediate => IntermediateYaml,
        _ => MartsYaml,
    };

    /// <summary>The model a .sql path holds (its file name without extension), or null for another file.</summary>
    public static string? ModelOf(string path) =>
        path.StartsWith("models/", StringComparison.Ordinal) && path.EndsWith(".sql", StringComparison.Ordinal)
            ? path[(path.LastIndexOf('/') + 1)..^4]
            : null;

    private static bool IsWord(string text)
    {
        foreach (var c in text)
        {
            if (c is < 'a' or > 'z') return false;
        }
        return true;
    }

    /// <summary>The normalizer's shortened names end in <c>h</c> and six base-36 characters.</summary>
    [GeneratedRegex("^h[0-9a-z]{6}$")]
    private static partial Regex ShortenedHash();
}
