using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;

namespace Etl.Agents.Merge;

/// <summary>
/// The schema-mapping task: maps an existing staging model's columns onto a new version of its source table, so a
/// changed source updates the model instead of breaking it. A column read from a source column that still exists maps
/// directly (cast back to its old type when the type changed); one whose source column is gone is matched to a new
/// column by the same input path, the same words (<c>userId</c> = <c>user_id</c> = <c>user__id</c>) or a similar name,
/// each with its confidence; one whose input path now lies inside a JSON column is derived from it; anything else
/// is unmapped and named in a decision (the model column would break).
/// </summary>
public static partial class SchemaMapper
{
    // A similar name below this is no evidence of a rename.
    private const double MinimumSimilarity = 0.6;

    /// <summary>Maps the columns of a staging model's SQL (see <see cref="StagingModel.Parse"/>).</summary>
    public static SchemaMapping Map(StagingModel model, TableSchema current, TableSchema? previous)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var column in model.Columns) columns.Add((column.Name, column.Expression, column.SourceColumns));
        return Map(columns, current, previous);
    }

    /// <summary>Maps model columns known only by name (a models YAML's column list): each reads the source column of its name.</summary>
    public static SchemaMapping Map(IReadOnlyList<string> columnNames, TableSchema current, TableSchema? previous)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        var columns = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var name in columnNames) columns.Add((name, SqlText.Identifier(name), [name]));
        return Map(columns, current, previous);
    }

    private sealed record Resolution(string Column, double Confidence, string Reasoning, string? Cast, string? Derived);

    private static SchemaMapping Map(List<(string Name, string Expression, IReadOnlyList<string> Sources)> columns, TableSchema current, TableSchema? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        var oldSources = new List<string>();
        foreach (var (_, _, sources) in columns)
        {
            foreach (var source in sources)
            {
                if (!oldSources.Contains(source)) oldSources.Add(source);
            }
        }
        var resolved = Resolve(oldSources, current, previous, out var unresolved);

        var mappings = new List<ColumnMapping>();
        var unmapped = new List<UnmappedColumn>();
        var decisions = new List<AgentDecision>();
        foreach (var (name, expression, sources) in columns)
        {
            var missing = sources.Where(s => !resolved.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                var reason = string.Join("; ", missing.Select(s => unresolved[s]));
                var oldType = OldSqlType(expression, sources, previous);
                unmapped.Add(new UnmappedColumn(name, oldType, reason));
                decisions.Add(new AgentDecision($"leave column {name} of the model unmapped", 0.8,
                    $"{reason}: the model column would break (the models and tests that read it)"));
                continue;
            }
            var mapping = Mapping(name, expression, sources, resolved);
            mappings.Add(mapping);
            if (mapping.Confidence < 1)
                decisions.Add(new AgentDecision($"map column {name} to {Describe(mapping)}", mapping.Confidence, mapping.Reasoning));
        }

        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resolution in resolved.Values) read.Add(resolution.Column);
        var newColumns = new List<string>();
        foreach (var column in current.Columns)
        {
            if (read.Contains(column.Name) || oldSources.Contains(column.Name)) continue;
            if (previous?.Column(column.Name) is not null) continue;
            newColumns.Add(column.Name);
            decisions.Add(new AgentDecision($"add source column {column.Name} to the model", 0.9,
                $"{current.Name}.{column.Name} ({column.Type.Name}) is new in this version and no model column reads it"));
        }
        return new SchemaMapping(current.Name, mappings, unmapped, newColumns, decisions);
    }

    private static string Describe(ColumnMapping mapping) =>
        mapping.Expression is { } expression ? $"{expression} ({mapping.Kind})" : $"{mapping.Source} ({mapping.Kind})";

    private static ColumnMapping Mapping(string name, string expression, IReadOnlyList<string> sources, Dictionary<string, Resolution> resolved)
    {
        if (sources.Count == 0)
            return new ColumnMapping(name, "", MappingKinds.Derived, expression, 1.0, "the model computes it without reading a source column");
        var confidence = 1.0;
        var reasons = new List<string>();
        foreach (var source in sources)
        {
            var resolution = resolved[source];
            confidence = Math.Min(confidence, resolution.Confidence);
            if (resolution.Reasoning.Length > 0) reasons.Add(resolution.Reasoning);
        }
        var rewritten = Rewrite(expression, resolved);
        var plain = sources.Count == 1 && SqlText.Unquote(expression.Trim()) == sources[0];
        var single = sources.Count == 1 ? resolved[sources[0]] : null;
        var sourceList = string.Join(", ", sources.Select(s => resolved[s].Column));
        string kind;
        string? sqlExpression;
        if (plain && single!.Derived is { } derived)
        {
            kind = MappingKinds.Derived;
            sqlExpression = derived;
        }
        else if (plain && single!.Cast is { } cast)
        {
            kind = MappingKinds.Transformed;
            sqlExpression = $"cast({SqlText.Identifier(single.Column)} as {cast})";
        }
        else if (plain)
        {
            kind = MappingKinds.Direct;
            sqlExpression = null;
        }
        else
        {
            kind = sources.Count > 1 || sources.Any(s => resolved[s].Derived is not null) ? MappingKinds.Derived : MappingKinds.Transformed;
            sqlExpression = rewritten;
        }
        var reasoning = reasons.Count == 0 ? $"the source still has {sourceList}" : string.Join("; ", reasons);
        return new ColumnMapping(name, sourceList, kind, sqlExpression, Math.Round(confidence, 2), reasoning);
    }

    // The model's own expression over the new columns: each old source column reference replaced by what it became.
    private static string Rewrite(string expression, Dictionary<string, Resolution> resolved)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var (start, end, name) in SqlText.ColumnReferences(expression, 0, expression.Length))
        {
            if (!resolved.TryGetValue(name, out var resolution)) continue;
            var replacement = resolution.Derived ?? (resolution.Column == name ? null : SqlText.Identifier(resolution.Column));
            if (replacement is null) continue;
            text.Append(expression, at, start - at).Append(replacement);
            at = end;
        }
        return text.Append(expression, at, expression.Length - at).ToString();
    }

    private static Dictionary<string, Resolution> Resolve(List<string> oldSources, TableSchema current, TableSchema? previous, out Dictionary<string, string> unresolved)
    {
        var resolved = new Dictionary<string, Resolution>(StringComparer.Ordinal);
        unresolved = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in oldSources)
        {
            if (current.Column(source) is not { } now) continue;
            taken.Add(source);
            resolved[source] = SameName(source, previous?.Column(source), now, current.Name);
        }

        // Renames: every (gone column, new column) pair with evidence, best first, each column used once.
        var candidates = new List<(string Old, ColumnSchema New, double Score, string Reason)>();
        foreach (var source in oldSources)
        {
            if (resolved.ContainsKey(source)) continue;
            var before = previous?.Column(source);
            foreach (var column in current.Columns)
            {
                if (taken.Contains(column.Name) || oldSources.Contains(column.Name)) continue;
                if (previous is not null && previous.Column(column.Name) is not null) continue;
                if (RenameEvidence(source, before, column) is { } evidence) candidates.Add((source, column, evidence.Score, evidence.Reason));
            }
        }
        candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.New.Name, b.New.Name));
        foreach (var (old, column, score, reason) in candidates)
        {
            if (resolved.ContainsKey(old) || taken.Contains(column.Name)) continue;
            var confidence = score;
            var why = $"{old} is gone from {current.Name}; {reason}";
            foreach (var other in candidates)
            {
                if (other.Old != old || other.New.Name == column.Name || taken.Contains(other.New.Name) || score - other.Score > 0.05) continue;
                confidence *= 0.8;
                why += $" (but {other.New.Name} is almost as likely: check)";
                break;
            }
            var before = previous?.Column(old);
            var cast = before is null ? null : CastBack(before, column, ref confidence, ref why);
            taken.Add(column.Name);
            resolved[old] = new Resolution(column.Name, confidence, why, cast, null);
        }

        foreach (var source in oldSources)
        {
            if (resolved.ContainsKey(source)) continue;
            var before = previous?.Column(source);
            if (before is not null && Inside(before, current) is { } derived)
            {
                resolved[source] = derived;
                continue;
            }
            unresolved[source] = Unresolved(source, before, current, previous);
        }
        return resolved;
    }

    private static Resolution SameName(string source, ColumnSchema? before, ColumnSchema now, string table)
    {
        if (before is null || before.Type == now.Type) return new Resolution(source, 1.0, "", null, null);
        var confidence = 1.0;
        var why = $"{table}.{source} is still there";
        var cast = CastBack(before, now, ref confidence, ref why);
        return new Resolution(source, confidence, why, cast, null);
    }

    // When the type changed: the cast that gives the model its old type back, and how far to trust it.
    private static string? CastBack(ColumnSchema before, ColumnSchema now, ref double confidence, ref string why)
    {
        if (before.Type == now.Type) return null;
        var target = SqlTypes.Of(before.Type);
        var (factor, risk) = TypeConversions.Classify(before.Type, now.Type) switch
        {
            ChangeCase.TypeNarrowed => (0.95, "every new value fits the old type"),
            ChangeCase.TypeWidened => (0.8, "new values beyond the old type would be cut or fail"),
            ChangeCase.TypeToText => (0.75, "text that does not spell an old-type value would fail the cast"),
            ChangeCase.TypeZoneChanged => (0.7, "instants and wall-clock times differ by the zone"),
            _ => (0.4, "the types do not convert cleanly"),
        };
        if (target is null)
        {
            confidence *= 0.3;
            why += $"; its type changed from {before.Type.Name} to {now.Type.Name} and a list has no portable cast";
            return null;
        }
        confidence *= factor;
        why += $"; its type changed from {before.Type.Name} to {now.Type.Name}, cast back to {target} so the model keeps its type ({risk})";
        return target;
    }

    private static (double Score, string Reason)? RenameEvidence(string old, ColumnSchema? before, ColumnSchema candidate)
    {
        var sameType = before is null || before.Type == candidate.Type;
        (double Score, string Reason)? evidence = null;
        if (before is not null && before.SourcePath.Length > 0 && before.SourcePath == candidate.SourcePath)
            evidence = (0.95, $"{candidate.Name} reads the same input path ({candidate.SourcePath})");
        else if (ColumnNames.SameWords(old, candidate.Name))
            evidence = (0.9, $"{candidate.Name} is the same words");
        else if (string.Concat(ColumnNames.Words(old)) == string.Concat(ColumnNames.Words(candidate.Name)))
            evidence = (0.85, $"{candidate.Name} is the same letters split differently");
        else if (ColumnNames.Similarity(old, candidate.Name) is var similarity && similarity >= MinimumSimilarity && sameType && before is not null)
            evidence = (Math.Round(0.4 + 0.5 * similarity, 2), string.Create(CultureInfo.InvariantCulture, $"{candidate.Name} has a similar name (similarity {similarity:0.00}) and the same type"));
        if (evidence is null) return null;
        return before is null ? (evidence.Value.Score * 0.9, evidence.Value.Reason + "; the previous type is unknown") : evidence;
    }

    // A column whose input path now lies inside a JSON column of the new version (its object stopped being flattened).
    private static Resolution? Inside(ColumnSchema before, TableSchema current)
    {
        if (before.SourcePath.Length == 0) return null;
        foreach (var column in current.Columns)
        {
            if (column.Type.Kind is not (ColumnKind.Json or ColumnKind.String) || column.SourcePath.Length == 0) continue;
            if (!before.SourcePath.StartsWith(column.SourcePath + ".", StringComparison.Ordinal)) continue;
            var path = "$." + before.SourcePath[(column.SourcePath.Length + 1)..];
            var extract = $"json_extract({SqlText.Identifier(column.Name)}, '{path.Replace("'", "''", StringComparison.Ordinal)}')";
            var target = SqlTypes.Of(before.Type);
            if (target is null) return null;
            // DuckDB's json_value and cast(json as varchar) keep a string's quotes and spell JSON null as 'null',
            // Trino's do not; trimming the quotes and nulling 'null' reads the same in both (escapes stay escaped in DuckDB).
            var text = $"nullif(trim(both '\"' from cast({extract} as varchar)), 'null')";
            var expression = before.Type.Kind switch
            {
                ColumnKind.String or ColumnKind.Json => text,
                ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.TimestampLocal => $"cast({text} as {target})",
                _ => $"cast({extract} as {target})",
            };
            return new Resolution(column.Name, 0.5,
                $"{before.Name} is gone; its input path {before.SourcePath} is now inside {column.Name} ({column.Type.Name} at {column.SourcePath}), so it is read from there with json_extract (text with escaped characters reads differently in DuckDB and Trino)",
                null, expression);
        }
        return null;
    }

    private static string Unresolved(string source, ColumnSchema? before, TableSchema current, TableSchema? previous)
    {
        if (before is not null && before.SourcePath.Length > 0)
        {
            var parts = current.Columns.Where(c => c.SourcePath.StartsWith(before.SourcePath + ".", StringComparison.Ordinal)).Select(c => c.Name).ToList();
            if (parts.Count > 0)
                return $"{source} is gone from {current.Name}; its input {before.SourcePath} is now split into {string.Join(", ", parts)}, which do not rebuild it in portable SQL";
        }
        var nearest = current.Columns
            .Where(c => previous?.Column(c.Name) is null)
            .Select(c => (c.Name, Score: ColumnNames.Similarity(source, c.Name)))
            .Where(c => c.Score >= 0.4)
            .OrderByDescending(c => c.Score)
            .Take(3)
            .Select(c => c.Name)
            .ToList();
        var hint = nearest.Count > 0 ? $" (nearest new columns: {string.Join(", ", nearest)})" : "";
        return $"{source} is gone from {current.Name} and no new column matches it by input path, name or type{hint}";
    }

    // The type the model gave the column: its outer cast, or the previous source type of a plain column.
    private static string? OldSqlType(string expression, IReadOnlyList<string> sources, TableSchema? previous)
    {
        var cast = OuterCast().Match(expression.Trim());
        if (cast.Success) return cast.Groups["type"].Value.Trim();
        if (sources.Count == 1 && SqlText.Unquote(expression.Trim()) == sources[0] && previous?.Column(sources[0]) is { } before)
            return SqlTypes.Of(before.Type);
        return null;
    }

    [GeneratedRegex(@"^(?:try_)?cast\s*\(.*\sas\s+(?<type>[a-z][a-z0-9_ ]*(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)\s*\)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex OuterCast();
}
