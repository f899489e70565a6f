using System.Globalization;
using Etl.Agents.Dbt;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Offline;

/// <summary>The marts a prompt can ask for: facts, dimensions, time-grain aggregates and lifetime value, over the staging and joined models.</summary>
internal sealed class MartModels(SourceModelNames names, IReadOnlyDictionary<string, ModelSpec> staging, IReadOnlyDictionary<string, ModelSpec> joined)
{
    /// <summary>Descriptive columns a dimension carries at most.</summary>
    public const int MaxDimensionColumns = 40;

    /// <summary>Measures an aggregate sums and averages at most.</summary>
    public const int MaxMeasures = 5;

    private static readonly Dictionary<string, string> GrainAdjectives = new(StringComparer.Ordinal)
    {
        ["hour"] = "hourly", ["day"] = "daily", ["week"] = "weekly", ["month"] = "monthly", ["year"] = "yearly",
    };

    /// <summary>What a table's facts are read from: its joined model when it has a parent, else its staging model.</summary>
    public ModelSpec Upstream(SourceTable table) => joined.TryGetValue(table.Schema.Name, out var join) ? join : staging[table.Schema.Name];

    public ModelSpec Fact(SourceTable table, Ask ask)
    {
        var upstream = Upstream(table);
        var spec = new ModelSpec
        {
            Name = DbtNames.Fact(names.Entity(table)),
            Layer = ModelLayers.Marts,
            Kind = ModelKind.Fact,
            Table = table,
            Inputs = [upstream.Name],
            Description = $"One row per {names.Entity(table)} row, from {upstream.Name}.",
            Materialization = "table",
        };
        foreach (var column in upstream.Columns)
            spec.Columns.Add(new OutputColumn(column.Name, SqlIdentifiers.Quote(column.Name), column.Type, column.Description, "direct", column.Name));
        KeyTests(spec.Column(ColumnRoles.Key)!, "the fact's grain: one row per source row");
        spec.Decision = new AgentDecision($"add fact model {spec.Name}", 0.85,
            $"prompt {ask.Prompt} (\"{ask.Phrase}\") asks for a fact; the word(s) matched the table {table.Schema.Name}; read from {upstream.Name}");
        return spec;
    }

    public ModelSpec Dimension(SourceTable table, Ask ask)
    {
        var upstream = staging[table.Schema.Name];
        var key = table.Schema.NaturalKey is { Columns.Count: 1 } natural ? natural.Columns[0] : ColumnRoles.Key;
        var spec = new ModelSpec
        {
            Name = DbtNames.Dimension(names.Entity(table)),
            Layer = ModelLayers.Marts,
            Kind = ModelKind.Dimension,
            Table = table,
            Inputs = [upstream.Name],
            Description = $"One row per {names.Entity(table)} ({key}) with its describing attributes, from {upstream.Name}.",
            Materialization = "table",
        };
        var keyColumn = upstream.Column(key)!;
        spec.Columns.Add(new OutputColumn(key, SqlIdentifiers.Quote(key), keyColumn.Type, keyColumn.Description, "direct", key));
        if (key != ColumnRoles.Key)
        {
            var rowKey = upstream.Column(ColumnRoles.Key)!;
            spec.Columns.Add(new OutputColumn(ColumnRoles.Key, ColumnRoles.Key, rowKey.Type, rowKey.Description, "direct", ColumnRoles.Key));
        }
        foreach (var column in table.Schema.Columns)
        {
            if (spec.Columns.Count >= MaxDimensionColumns) break;
            if (ColumnRoles.IsReserved(column.Name) || column.Name == key || ColumnRoles.IsMeasure(column) || column.Type.Kind is ColumnKind.Json or ColumnKind.List) continue;
            var output = upstream.Column(column.Name)!;
            spec.Columns.Add(new OutputColumn(column.Name, SqlIdentifiers.Quote(column.Name), output.Type, output.Description, "direct", column.Name));
        }
        KeyTests(spec.Columns[0], key == ColumnRoles.Key ? "the row key: one row per source row" : $"the natural key {key}, unique in the data");
        spec.Decision = new AgentDecision($"add dimension model {spec.Name}", 0.8,
            $"prompt {ask.Prompt} (\"{ask.Phrase}\") asks for a dimension; the word(s) matched the table {table.Schema.Name}; keyed by {key}; " +
            $"{spec.Columns.Count - 1} attribute column(s) (measures, JSON and lists left to facts)");
        return spec;
    }

    /// <summary>
    /// A dimension of an entity the data embeds rather than holds as a table (<c>customer__id</c>, <c>customer__name</c>
    /// in orders → <c>dim_customers</c>): one row per key, its other columns taken with max() should they vary. Null when
    /// no word of the ask names such a key.
    /// </summary>
    public ModelSpec? EmbeddedDimension(Ask ask)
    {
        foreach (var word in ask.Words)
        {
            if (word.Length < 3) continue;
            var singular = DbtNames.Singular(word);
            foreach (var table in names.Source.Tables.OrderBy(names.Depth))
            {
                var key = table.Schema.Columns.FirstOrDefault(c => !ColumnRoles.IsReserved(c.Name)
                    && (c.Name == $"{singular}__id" || c.Name == $"{singular}_id" || c.Name == $"{singular}__key" || c.Name == $"{singular}_key"));
                if (key is null) continue;
                var prefix = key.Name.Contains("__", StringComparison.Ordinal) ? singular + "__" : singular + "_";
                var upstream = staging[table.Schema.Name];
                var entity = DbtNames.Plural(singular);
                var spec = new ModelSpec
                {
                    Name = DbtNames.Dimension(entity),
                    Layer = ModelLayers.Marts,
                    Kind = ModelKind.Dimension,
                    Table = table,
                    Inputs = [upstream.Name],
                    Description = $"One row per {singular} ({key.Name}) found in {table.Schema.Name}, with its {prefix}* attributes.",
                    Materialization = "table",
                    Where = $"{SqlIdentifiers.Quote(key.Name)} is not null",
                };
                var keyColumn = new OutputColumn(key.Name, SqlIdentifiers.Quote(key.Name), upstream.Column(key.Name)!.Type, $"The {singular}'s key ({key.SourcePath}).", "direct", key.Name);
                KeyTests(keyColumn, $"the grain: one row per {singular}, grouped by it");
                spec.Columns.Add(keyColumn);
                foreach (var column in table.Schema.Columns)
                {
                    if (column == key || !column.Name.StartsWith(prefix, StringComparison.Ordinal) || column.Type.Kind is ColumnKind.Json or ColumnKind.List or ColumnKind.Boolean) continue;
                    var output = upstream.Column(column.Name)!;
                    spec.Columns.Add(new OutputColumn(column.Name, $"max({SqlIdentifiers.Quote(column.Name)})", output.Type,
                        $"{output.Description} (the largest value should rows of one {singular} differ)", "derived", column.Name) { Aggregated = true });
                }
                spec.Columns.Add(new OutputColumn($"{names.Entity(table)}_count", "count(*)", ColumnType.Int64, $"Rows of {table.Schema.Name} with this {singular}.", "derived", "") { Aggregated = true });
                spec.Decision = new AgentDecision($"add dimension model {spec.Name}", 0.7,
                    $"prompt {ask.Prompt} (\"{ask.Phrase}\") asks for a dimension of {word}; no table is named so, but {table.Schema.Name} embeds it as {key.Name} " +
                    $"with {spec.Columns.Count - 2} attribute column(s); one row per {key.Name}");
                return spec;
            }
        }
        return null;
    }

    /// <summary>A count of rows and sums/averages of measures per <paramref name="grain"/> of a date; null (with the reason) when the table has no date.</summary>
    public ModelSpec? Aggregate(SourceTable table, Ask ask, string grain, out string reason)
    {
        var time = PickTime(table, ask.Words);
        if (time is null)
        {
            reason = $"{table.Schema.Name} has no date, timestamp or epoch-time column to group by";
            return null;
        }
        var upstream = staging[table.Schema.Name];
        var measures = PickMeasures(table, ask.Words);
        var entity = names.Entity(table);
        var bucket = $"{time.Name}_{grain}";
        var spec = new ModelSpec
        {
            Name = DbtNames.Aggregate(entity, GrainAdjectives[grain]),
            Layer = ModelLayers.Marts,
            Kind = ModelKind.Aggregate,
            Table = table,
            Inputs = [upstream.Name],
            Description = $"{entity} per {grain} of {time.Name}: the number of rows" +
                (measures.Count > 0 ? $" and the sum and average of {string.Join(", ", measures.Select(m => m.Name))}." : "."),
            Materialization = "table",
            Where = $"{SqlIdentifiers.Quote(time.Name)} is not null",
        };
        var truncated = $"cast(date_trunc('{grain}', {TimestampOf(table, time)}) as {(grain == "hour" ? "timestamp" : "date")})";
        var bucketColumn = new OutputColumn(bucket, truncated, grain == "hour" ? ColumnType.TimestampLocal : ColumnType.Date,
            $"The {grain} of {time.Name}.", "transformed", time.Name);
        KeyTests(bucketColumn, $"the grain: one row per {grain}");
        spec.Columns.Add(bucketColumn);
        spec.Columns.Add(new OutputColumn($"{entity}_count", "count(*)", ColumnType.Int64, $"Rows of {upstream.Name} in the {grain}.", "derived", "")
        {
            Aggregated = true,
        });
        foreach (var measure in measures)
        {
            var q = SqlIdentifiers.Quote(measure.Name);
            spec.Columns.Add(new OutputColumn($"total_{measure.Name}", $"sum({q})", measure.Type.Kind == ColumnKind.Int32 ? ColumnType.Int64 : measure.Type,
                $"Sum of {measure.Name} in the {grain}.", "derived", measure.Name) { Aggregated = true });
            spec.Columns.Add(new OutputColumn($"avg_{measure.Name}", $"avg({q})", ColumnType.Double,
                $"Average of {measure.Name} in the {grain}.", "derived", measure.Name) { Aggregated = true });
        }
        var epoch = ColumnRoles.EpochDivisor(table, time) is { } divisor ? $" ({time.Name} read as Unix epoch {(divisor == 1000 ? "milliseconds" : "seconds")}: its values fall between 2000 and 2100)" : "";
        reason = "";
        spec.Decision = new AgentDecision($"add aggregate model {spec.Name}", measures.Count > 0 ? 0.8 : 0.65,
            $"prompt {ask.Prompt} (\"{ask.Phrase}\") asks for a {GrainAdjectives[grain]} aggregate; table {table.Schema.Name}" +
            (ask.Tables.Contains(table) ? " (named in the prompt)" : " (the table with a date and the most rows; the prompt names none)") +
            $"; grouped by date_trunc('{grain}', {time.Name}){epoch}; " +
            (measures.Count > 0 ? $"measures summed and averaged: {string.Join(", ", measures.Select(m => m.Name))}" : "no amount-like numeric column, so rows are counted only"));
        return spec;
    }

    /// <summary>Per customer-like key: rows, the lifetime sum of a measure, first and last time. Null (with the reason) when the data has no such key or measure.</summary>
    public ModelSpec? LifetimeValue(Ask ask, out string reason)
    {
        var candidates = ask.Tables.Count > 0 ? ask.Tables.Concat(names.Source.Tables.Except(ask.Tables)) : names.Source.Tables;
        (SourceTable Table, ColumnSchema Key, string Word, ColumnSchema Measure)? found = null;
        var keyOnly = (string?)null;
        foreach (var table in candidates)
        {
            var keys = ColumnRoles.CustomerKeys(table);
            if (keys.Count == 0) continue;
            var measures = PickMeasures(table, ask.Words);
            if (measures.Count == 0)
            {
                keyOnly ??= $"{table.Schema.Name}.{keys[0].Column.Name}";
                continue;
            }
            found = (table, keys[0].Column, keys[0].Word, measures[0]);
            break;
        }
        if (found is not { } pick)
        {
            reason = keyOnly is null
                ? "no column names a customer-like party (customer, client, buyer, user, account, member, actor, owner + id/key)"
                : $"{keyOnly} names a customer-like party, but its table has no amount-like numeric column (amount, price, total, revenue, …) to sum";
            return null;
        }
        var upstream = staging[pick.Table.Schema.Name];
        var time = PickTime(pick.Table, ask.Words);
        var entity = names.Entity(pick.Table);
        var spec = new ModelSpec
        {
            Name = DbtNames.LifetimeValue(pick.Word),
            Layer = ModelLayers.Marts,
            Kind = ModelKind.LifetimeValue,
            Table = pick.Table,
            Inputs = [upstream.Name],
            Description = $"One row per {pick.Word} ({pick.Key.Name}): rows of {entity}, the lifetime sum and average of {pick.Measure.Name}" +
                (time is not null ? $", first and last {time.Name}." : "."),
            Materialization = "table",
            Where = $"{SqlIdentifiers.Quote(pick.Key.Name)} is not null",
        };
        var key = new OutputColumn(pick.Key.Name, SqlIdentifiers.Quote(pick.Key.Name), pick.Key.Type, $"The {pick.Word} ({pick.Key.SourcePath}).", "direct", pick.Key.Name);
        KeyTests(key, $"the grain: one row per {pick.Word}");
        spec.Columns.Add(key);
        var q = SqlIdentifiers.Quote(pick.Measure.Name);
        spec.Columns.Add(new OutputColumn($"{entity}_count", "count(*)", ColumnType.Int64, $"Rows of {entity} of the {pick.Word}.", "derived", "") { Aggregated = true });
        spec.Columns.Add(new OutputColumn("lifetime_value", $"sum({q})", pick.Measure.Type.Kind == ColumnKind.Int32 ? ColumnType.Int64 : pick.Measure.Type,
            $"Sum of {pick.Measure.Name} over all of the {pick.Word}'s rows.", "derived", pick.Measure.Name) { Aggregated = true });
        spec.Columns.Add(new OutputColumn($"avg_{pick.Measure.Name}", $"avg({q})", ColumnType.Double, $"Average {pick.Measure.Name}.", "derived", pick.Measure.Name) { Aggregated = true });
        if (time is not null)
        {
            var ts = TimestampOf(pick.Table, time);
            spec.Columns.Add(new OutputColumn($"first_{time.Name}", $"min({ts})", ColumnType.TimestampLocal, $"Earliest {time.Name}.", "derived", time.Name) { Aggregated = true });
            spec.Columns.Add(new OutputColumn($"last_{time.Name}", $"max({ts})", ColumnType.TimestampLocal, $"Latest {time.Name}.", "derived", time.Name) { Aggregated = true });
        }
        reason = "";
        spec.Decision = new AgentDecision($"add lifetime value model {spec.Name}", pick.Word is "customer" or "client" or "buyer" ? 0.75 : 0.5,
            $"prompt {ask.Prompt} (\"{ask.Phrase}\") asks for lifetime value; {pick.Key.Name} in {pick.Table.Schema.Name} names a {pick.Word}, " +
            $"and {pick.Measure.Name} is the amount-like column summed" + (time is not null ? $"; first/last by {time.Name}" : ""));
        return spec;
    }

    /// <summary>The table a time-grain ask is about when it names none: the one with a usable date and the most rows.</summary>
    public SourceTable? TableWithTime(Ask ask)
    {
        SourceTable? best = null;
        foreach (var table in names.Source.Tables)
        {
            if (ColumnRoles.TimeColumns(table, allowEpoch: true).Count == 0) continue;
            var score = PickMeasures(table, ask.Words).Count > 0 ? 1 : 0;
            var bestScore = best is null ? -1 : PickMeasures(best, ask.Words).Count > 0 ? 1 : 0;
            if (best is null || score > bestScore || score == bestScore && table.Schema.RowCount > best.Schema.RowCount) best = table;
        }
        return best;
    }

    /// <summary>The timestamp SQL of a time column as its staging model has it (epoch numbers converted portably).</summary>
    public static string TimestampOf(SourceTable table, ColumnSchema column)
    {
        var q = SqlIdentifiers.Quote(column.Name);
        if (ColumnRoles.EpochDivisor(table, column) is { } divisor)
        {
            // No epoch function is common to DuckDB and Trino; an interval times whole seconds is.
            var seconds = divisor == 1 ? $"cast(floor({q}) as bigint)" : $"cast(floor({q} / {divisor.ToString(CultureInfo.InvariantCulture)}.0) as bigint)";
            return $"(timestamp '1970-01-01 00:00:00' + {seconds} * interval '1' second)";
        }
        return column.Type.Kind == ColumnKind.Date ? $"cast({q} as timestamp)" : q;
    }

    /// <summary>The time column an ask names, else the table's best one.</summary>
    private static ColumnSchema? PickTime(SourceTable table, IReadOnlyList<string> words)
    {
        var columns = ColumnRoles.TimeColumns(table, allowEpoch: true);
        foreach (var column in columns)
        {
            if (words.Contains(column.Name) || words.Contains(ColumnRoles.LastSegment(column.Name))) return column;
        }
        return columns.Count > 0 ? columns[0] : null;
    }

    /// <summary>Measures an ask names (a column, or a word like revenue), else the table's amount-like columns.</summary>
    private static IReadOnlyList<ColumnSchema> PickMeasures(SourceTable table, IReadOnlyList<string> words)
    {
        var named = new List<ColumnSchema>();
        var measures = new List<ColumnSchema>();
        foreach (var column in table.Schema.Columns)
        {
            if (!ColumnRoles.IsNumeric(column.Type) || ColumnRoles.IsReserved(column.Name) || ColumnRoles.EpochDivisor(table, column) is not null) continue;
            if (words.Contains(column.Name) || words.Contains(ColumnRoles.LastSegment(column.Name))) named.Add(column);
            else if (ColumnRoles.IsMeasure(column)) measures.Add(column);
        }
        return named.Concat(measures).Take(MaxMeasures).ToArray();
    }

    private static void KeyTests(OutputColumn column, string reasoning)
    {
        column.Tests.Add(new DataTest("unique", null, null, null, reasoning));
        column.Tests.Add(new DataTest("not_null", null, null, null, reasoning));
    }
}
