using System.Globalization;
using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>The offline agent's whole design of a project: its models (with everything their files are made from) and the decisions behind them.</summary>
internal sealed record OfflineBlueprint(string ProjectName, IReadOnlyList<ModelSpec> Models, IReadOnlyList<AgentDecision> Decisions);

/// <summary>
/// The rules that design the project from the catalog and the prompts: a staging model per table, a joined model per
/// child table, the marts the prompts ask for, incremental loads for large tables and where asked. Deterministic: the
/// same source and prompts give the same blueprint, so generate can rebuild it from the context it is passed.
/// </summary>
internal static class OfflinePlanner
{
    /// <summary>Tables with at least this many rows (and a timestamp) are loaded incrementally without being asked.</summary>
    public const long IncrementalRowThreshold = 1_000_000;

    public static OfflineBlueprint Plan(AgentContext context)
    {
        var source = context.Source;
        var names = new SourceModelNames(source);
        var decisions = new List<AgentDecision>();
        var models = new List<ModelSpec>();
        var staging = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);
        var joined = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);

        decisions.Add(new AgentDecision($"write dbt project {DbtNames.Project(source.Name)}", 1.0,
            $"source {source.Name} ({source.Tables.Count} table(s)); models built in {source.TargetDatabase}; dbt's layout: staging (views), intermediate (views), marts (tables)"));

        foreach (var table in source.Tables)
        {
            var spec = StagingModels.Plan(names, table);
            staging[table.Schema.Name] = spec;
            models.Add(spec);
        }
        foreach (var table in source.Tables)
        {
            if (JoinModels.Plan(names, table, staging) is { } spec)
            {
                joined[table.Schema.Name] = spec;
                models.Add(spec);
            }
        }
        foreach (var table in source.Tables)
        {
            foreach (var key in table.Schema.ForeignKeys)
            {
                if (key.Columns.Count == 1 && ColumnRoles.IsReserved(key.Columns[0])) continue;
                decisions.Add(new AgentDecision($"test foreign key {table.Schema.Name}.{string.Join(", ", key.Columns)}", 0.7,
                    $"{key} was found in the data{(key.Reason is { } r ? $" ({r})" : "")}: tested with relationships on {staging[table.Schema.Name].Name}, not joined (only parent links are joined)"));
            }
        }

        var marts = new MartModels(names, staging, joined);
        var incrementalAsks = new List<Ask>();
        foreach (var ask in PromptReader.Read(context.Prompts, names))
        {
            var quoted = $"prompt {ask.Prompt}: \"{ask.Phrase}\"";
            switch (ask.Kind)
            {
                case AskKind.Staging:
                    decisions.Add(new AgentDecision("staging models for every table", 0.95,
                        $"{quoted}: a staging model is planned for each of the {source.Tables.Count} table(s)" +
                        (ask.Tables.Count > 0 ? $"; named: {string.Join(", ", ask.Tables.Select(t => staging[t.Schema.Name].Name))}" : "")));
                    break;
                case AskKind.Intermediate:
                    decisions.Add(new AgentDecision("intermediate joins along the foreign keys", 0.9,
                        $"{quoted}: {joined.Count} joined model(s), one per child table, along _etl_parent_key → _etl_key"));
                    break;
                case AskKind.Tests:
                    decisions.Add(new AgentDecision("data tests from the data", 0.9,
                        $"{quoted}: unique/not_null on keys, relationships on foreign keys, accepted_values on low-cardinality text, not_null only where the profile counts no nulls"));
                    break;
                case AskKind.General:
                    decisions.Add(new AgentDecision("a complete project", 0.9, $"{quoted}: read as a general ask: staging and intermediate models with tests"));
                    break;
                case AskKind.Fact or AskKind.Dimension:
                    if (ask.Tables.Count == 0 && ask.Kind == AskKind.Dimension && marts.EmbeddedDimension(ask) is { } embedded)
                    {
                        Add(models, decisions, embedded);
                        break;
                    }
                    if (ask.Tables.Count == 0)
                    {
                        decisions.Add(NotDone(quoted, $"a {(ask.Kind == AskKind.Fact ? "fact" : "dimension")} was asked for, but no word of the phrase names a table ({string.Join(", ", source.Tables.Select(names.Entity).Take(12))})"));
                        break;
                    }
                    foreach (var table in ask.Tables) Add(models, decisions, ask.Kind == AskKind.Fact ? marts.Fact(table, ask) : marts.Dimension(table, ask));
                    break;
                case AskKind.Aggregate:
                    // A named table without a date (the dataset's root, named after it) gives way to the table that has one.
                    var timed = ask.Tables.Where(t => ColumnRoles.TimeColumns(t, allowEpoch: true).Count > 0).ToArray();
                    if (ask.Tables.Count > 0 && timed.Length == 0)
                        decisions.Add(new AgentDecision($"aggregate another table: {quoted}", 0.5,
                            $"{string.Join(", ", ask.Tables.Select(t => t.Schema.Name))} (named) has no date, timestamp or epoch-time column; the table with one and the most rows is used instead"));
                    IReadOnlyList<SourceTable> tables = timed.Length > 0 ? timed : marts.TableWithTime(ask) is { } t ? [t] : [];
                    if (tables.Count == 0) decisions.Add(NotDone(quoted, "a time-grain aggregate was asked for, but no table has a date, timestamp or epoch-time column"));
                    foreach (var table in tables)
                    {
                        if (marts.Aggregate(table, ask, ask.Grain!, out var reason) is { } aggregate) Add(models, decisions, aggregate);
                        else decisions.Add(NotDone(quoted, reason));
                    }
                    break;
                case AskKind.LifetimeValue:
                    if (marts.LifetimeValue(ask, out var why) is { } ltv) Add(models, decisions, ltv);
                    else decisions.Add(NotDone(quoted, $"lifetime value was asked for, but {why}"));
                    break;
                case AskKind.Incremental:
                    incrementalAsks.Add(ask);
                    break;
                default:
                    decisions.Add(NotDone(quoted, $"no rule of the offline agent understands this phrase; it understands: {PromptReader.Understood}"));
                    break;
            }
        }

        foreach (var table in source.Tables)
        {
            if (table.Schema.RowCount < IncrementalRowThreshold) continue;
            MakeIncremental(staging[table.Schema.Name], decisions,
                $"{table.Schema.Name} has {table.Schema.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows (≥ {IncrementalRowThreshold.ToString("N0", CultureInfo.InvariantCulture)})");
        }
        foreach (var ask in incrementalAsks)
        {
            var quoted = $"prompt {ask.Prompt}: \"{ask.Phrase}\"";
            if (ask.Tables.Count == 0)
            {
                decisions.Add(NotDone(quoted, "an incremental load was asked for, but no word of the phrase names a table"));
                continue;
            }
            foreach (var table in ask.Tables)
            {
                var target = models.Find(m => m.Kind == ModelKind.Fact && m.Table == table) ?? staging[table.Schema.Name];
                MakeIncremental(target, decisions, $"{quoted} asks for it");
            }
        }
        return new OfflineBlueprint(DbtNames.Project(source.Name), models, decisions);
    }

    private static void Add(List<ModelSpec> models, List<AgentDecision> decisions, ModelSpec spec)
    {
        if (models.Exists(m => m.Name == spec.Name))
        {
            decisions.Add(new AgentDecision($"keep {spec.Name}", 0.9, $"already planned; {spec.Decision.Reasoning}"));
            return;
        }
        models.Add(spec);
    }

    private static void MakeIncremental(ModelSpec spec, List<AgentDecision> decisions, string why)
    {
        if (spec.Materialization == "incremental") return;
        var time = ColumnRoles.TimeColumns(spec.Table, allowEpoch: false).FirstOrDefault(c => spec.Column(c.Name) is not null);
        if (time is null)
        {
            decisions.Add(NotDone(why, $"{spec.Name} would be incremental, but {spec.Table.Schema.Name} has no date or timestamp column to find new rows by"));
            return;
        }
        spec.Materialization = "incremental";
        spec.IncrementalOn = time.Name;
        spec.UniqueKey = [ColumnRoles.Key];
        var nulls = ColumnRoles.NullCount(spec.Table, time) ?? 0;
        spec.Decision = spec.Decision with
        {
            Reasoning = spec.Decision.Reasoning + $"; incremental on {time.Name} (unique_key _etl_key)",
        };
        decisions.Add(new AgentDecision($"make {spec.Name} incremental", nulls == 0 ? 0.85 : 0.6,
            $"{why}: new rows are those with {time.Name} after the latest loaded; unique_key _etl_key merges changed rows; on_schema_change append_new_columns" +
            (nulls > 0 ? $"; {nulls} row(s) have no {time.Name} and are loaded only by a full refresh" : "")));
    }

    private static AgentDecision NotDone(string quoted, string why) => new($"not done: {quoted}", 0.1, why);
}
