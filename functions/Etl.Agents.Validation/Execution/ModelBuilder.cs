using Etl.Agents.Validation.Project;
using Etl.Agents.Validation.Rendering;

namespace Etl.Agents.Validation.Execution;

/// <summary>
/// Builds every model in DuckDB in ref order, the way dbt materializes it: view → <c>create view</c>, table →
/// <c>create table as</c>, ephemeral → a view (what the models downstream select is the same), incremental → a full
/// refresh (<c>is_incremental()</c> false), then the incremental branch rendered with <c>is_incremental()</c> true and
/// merged in (delete+insert by <c>unique_key</c> unless the strategy is append; new columns added when
/// <c>on_schema_change</c> says so). DuckDB's errors carry the model file's line.
/// </summary>
internal sealed class ModelBuilder(DuckDbSession session, SourceTables sources, DbtModelRenderer renderer, string targetSchema)
{
    public static readonly string[] Materializations = ["view", "table", "incremental", "ephemeral"];

    /// <summary>Where the incremental branch's new rows are staged before the merge.</summary>
    private const string StagingSchema = "__incremental";

    public List<BuiltModel> Build(DbtProject project, CancellationToken cancellationToken)
    {
        var models = new Dictionary<string, BuiltModel>(StringComparer.Ordinal);
        foreach (var (name, file) in project.Models)
        {
            var render = renderer.Render(name, file.Text, isIncremental: false);
            models[name] = new BuiltModel(file, render, Materialization(project, file, render));
        }
        var upstream = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, model) in models) upstream[name] = model.Upstream;
        var (order, cycles) = ModelOrder.Sort(upstream);

        var declaredSources = new HashSet<SourceReference>();
        foreach (var table in project.DescribedSources) declaredSources.Add(new SourceReference(table.Source, table.Table));

        var built = new List<BuiltModel>(order.Count);
        foreach (var name in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = models[name];
            built.Add(model);
            if (Problem(model, models, cycles, declaredSources) is var (error, line))
            {
                model.Error = error;
                model.ErrorLine = line;
                continue;
            }
            foreach (var parent in model.Upstream)
            {
                if (models[parent].Built) continue;
                model.NotRunReason = $"not run: upstream model {parent} " + (models[parent].Error is not null ? "failed" : "was not run");
                break;
            }
            if (model.NotRunReason is null) Run(model);
        }
        return built;
    }

    /// <summary>Why the model cannot be run at all (its own fault), with the model file's line, or null.</summary>
    private (string Error, int? Line)? Problem(BuiltModel model, Dictionary<string, BuiltModel> models, Dictionary<string, string> cycles, HashSet<SourceReference> declaredSources)
    {
        var render = model.Render;
        var text = model.File.Text;
        if (render.Error is not null) return ($"the Jinja does not render: {render.Error}", render.ErrorLine);
        if (render.NotValidated.Count > 0)
            return ($"not run: the model uses Jinja the validator does not evaluate ({string.Join("; ", render.NotValidated)}); use only ref, source, config, var, is_incremental and this", render.NotValidatedLines[0]);
        if (Reconciliation.SqlShape.SecondStatementLine(render.Sql) is { } separator)
            return ("the model holds more than one SQL statement (a ';' ends the first); dbt runs one select per model: remove the ';' and what follows, or move it to its own model", render.TemplateLineOf(separator));
        foreach (var parent in model.Upstream)
        {
            if (!models.ContainsKey(parent))
                return ($"ref('{parent}') names no model of the project; ref one of: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}", LineOf(text, parent));
        }
        if (cycles.TryGetValue(model.File.Name, out var cycle)) return ($"the refs form a cycle: {cycle}; dbt needs a DAG", LineOf(text, "ref("));
        if (Array.IndexOf(Materializations, model.Materialization) < 0)
            return ($"unknown materialization '{model.Materialization}': use view, table, incremental or ephemeral", LineOf(text, "materialized"));
        foreach (var source in render.Sources)
        {
            if (!declaredSources.Contains(source))
                return ($"source('{source.Source}', '{source.Table}') is not declared in any sources YAML; declare it under sources: (name: {source.Source}, tables: - name: {source.Table})", LineOf(text, source.Table));
            if (sources.Failure(source) is { } failure) return (failure, LineOf(text, source.Table));
            if (!sources.Has(source))
                return ($"source('{source.Source}', '{source.Table}') is not a table of the dataset; the dataset has: {string.Join(", ", sources.Tables.Select(t => $"{t.Source}.{t.Table}").Order(StringComparer.Ordinal))}", LineOf(text, source.Table));
        }
        return null;
    }

    private void Run(BuiltModel model)
    {
        var relation = new Relation(targetSchema, model.File.Name).ToString();
        var sql = Body(model.Render.Sql);
        var statement = model.Materialization switch
        {
            "table" or "incremental" => $"create or replace table {relation} as\n{sql}",
            _ => $"create or replace view {relation} as\n{sql}",
        };
        if (!Execute(model, statement, model.Render, "")) return;
        model.Ran = true;
        if (model.Materialization == "incremental") RunIncremental(model, relation);
        try
        {
            model.Rows = session.Count(relation);
        }
        catch (DuckDbStatementException e)
        {
            model.Error = $"the model was created but cannot be read: {e.Message}";
        }
    }

    /// <summary>The incremental branch, as dbt runs it on an existing table: render with is_incremental() true, stage it, merge it in.</summary>
    private void RunIncremental(BuiltModel model, string relation)
    {
        model.IncrementalRan = false;
        var render = renderer.Render(model.File.Name, model.File.Text, isIncremental: true);
        if (!render.Complete)
        {
            model.Error = render.Error is not null
                ? $"incremental branch: the Jinja does not render: {render.Error}"
                : $"incremental branch: not run: the model uses Jinja the validator does not evaluate ({string.Join("; ", render.NotValidated)})";
            model.ErrorLine = render.Error is not null ? render.ErrorLine : render.NotValidatedLines[0];
            return;
        }
        var staged = new Relation(StagingSchema, model.File.Name).ToString();
        session.Execute($"create schema if not exists {Relation.Quote(StagingSchema)}");
        if (!Execute(model, $"create or replace table {staged} as\n{Body(render.Sql)}", render, "incremental branch (is_incremental() true): ")) return;
        try
        {
            var target = session.Columns(targetSchema, model.File.Name);
            var incoming = session.Columns(StagingSchema, model.File.Name);
            var known = new HashSet<string>(target.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            var added = incoming.Where(c => !known.Contains(c.Name)).ToList();
            var onSchemaChange = render.Config.OnSchemaChange ?? "ignore";
            if (added.Count > 0 && onSchemaChange == "fail")
            {
                Fail(model, $"incremental branch: on_schema_change='fail' and the new rows add columns {string.Join(", ", added.Select(c => c.Name))}", null);
                return;
            }
            if (added.Count > 0 && onSchemaChange is "append_new_columns" or "sync_all_columns")
            {
                foreach (var (name, type) in added) session.Execute($"alter table {relation} add column {Relation.Quote(name)} {type}");
                foreach (var column in added) known.Add(column.Name);
            }
            var columns = string.Join(", ", incoming.Where(c => known.Contains(c.Name)).Select(c => Relation.Quote(c.Name)));
            var key = render.Config.UniqueKey.Count > 0 ? render.Config.UniqueKey : model.Render.Config.UniqueKey;
            // append ignores unique_key in dbt; delete+insert and merge both leave one row per key.
            if (key.Count > 0 && render.Config.IncrementalStrategy != "append")
            {
                var match = string.Join(" and ", key.Select(k => $"{staged}.{Relation.Quote(k)} is not distinct from {relation}.{Relation.Quote(k)}"));
                session.Execute($"delete from {relation} where exists (select 1 from {staged} where {match})");
            }
            session.Execute($"insert into {relation} by name select {columns} from {staged}");
            session.Execute($"drop table {staged}");
            model.IncrementalRan = true;
        }
        catch (DuckDbStatementException e)
        {
            Fail(model, $"incremental branch: merging the new rows failed: {e.Message}", null);
        }
    }

    private bool Execute(BuiltModel model, string statement, RenderedModel render, string prefix)
    {
        try
        {
            session.Execute(statement);
            return true;
        }
        catch (DuckDbStatementException e)
        {
            // The statement's first line is ours (create ... as); the model's SQL starts on its second line.
            int? line = e.StatementLine is { } statementLine ? render.TemplateLineOf(statementLine - 1) : null;
            Fail(model, prefix + e.Message, line);
            return false;
        }
    }

    private static void Fail(BuiltModel model, string error, int? line)
    {
        model.Error = error;
        model.ErrorLine = line;
    }

    /// <summary>The rendered SQL as a statement body: a trailing semicolon (dbt strips it too) would end the create early.</summary>
    private static string Body(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    /// <summary>Precedence as in dbt: the model's config(), then its properties YAML, then dbt_project.yml by folder, then view.</summary>
    private static string Materialization(DbtProject project, ModelFile file, RenderedModel render)
    {
        if (render.Config.Materialized is { } fromModel) return fromModel;
        foreach (var described in project.DescribedModels)
        {
            if (described.Name == file.Name && described.Materialized is { } fromYaml) return fromYaml;
        }
        return project.FolderMaterialization(file.Folders) ?? "view";
    }

    /// <summary>The first line of <paramref name="text"/> holding <paramref name="needle"/>, or null.</summary>
    internal static int? LineOf(string text, string needle)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0) return null;
        var line = 1;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }
}
