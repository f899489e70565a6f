namespace Etl.Agents.Validation.Rendering;

/// <summary>
/// Renders a dbt model file the way dbt's Jinja would, for the subset generated models use: <c>ref</c>,
/// <c>source</c>, <c>config</c>, <c>var</c>, <c>is_incremental()</c>, <c>this</c>, <c>{% if/elif/else/endif %}</c>,
/// comments and whitespace control. Relations print as <c>"schema"."name"</c>: models in the target schema, sources
/// in a schema named after the source. Anything else is listed in <see cref="RenderedModel.NotValidated"/>, not guessed.
/// </summary>
public sealed class DbtModelRenderer
{
    private readonly string _targetSchema;
    private readonly IReadOnlyDictionary<string, object?> _vars;

    /// <param name="targetSchema">The schema models are built in (<c>main</c> in DuckDB).</param>
    /// <param name="vars">dbt_project.yml's <c>vars</c> (string, long, double, bool, null or lists of them).</param>
    public DbtModelRenderer(string targetSchema = "main", IReadOnlyDictionary<string, object?>? vars = null)
    {
        _targetSchema = targetSchema;
        _vars = vars ?? new Dictionary<string, object?>();
    }

    /// <summary>Renders <paramref name="template"/> (the model file's text) for model <paramref name="modelName"/>, with <c>is_incremental()</c> = <paramref name="isIncremental"/>.</summary>
    public RenderedModel Render(string modelName, string template, bool isIncremental)
    {
        var scope = new RenderScope(_targetSchema, modelName, isIncremental, _vars);
        var output = new RenderOutput();
        var notValidated = new List<string>();
        var notValidatedLines = new List<int>();
        string? error = null;
        int? errorLine = null;
        try
        {
            Run(TemplateLexer.Tokenize(template), scope, output, notValidated, notValidatedLines);
        }
        catch (TemplateException e)
        {
            error = e.Message;
            errorLine = e.Line;
        }
        return new RenderedModel(output.Text, output.LineSources, Config(scope.Config), scope.Refs, scope.Sources, notValidated, notValidatedLines, error, errorLine);
    }

    private static void Run(List<TemplateToken> tokens, RenderScope scope, RenderOutput output, List<string> notValidated, List<int> notValidatedLines)
    {
        var branches = new Stack<Branch>();
        var active = true;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Data when active:
                    output.AppendData(token.Text, token.Line);
                    break;
                case TokenKind.Output when active:
                    if (Evaluate(token, scope, notValidated, notValidatedLines, out var value)) output.AppendValue(PythonText.Str(value), token.Line);
                    break;
                case TokenKind.Statement:
                    active = Statement(token, active, branches, scope, notValidated, notValidatedLines);
                    break;
            }
        }
        if (branches.Count > 0) throw new TemplateException("{% if %} is never closed: add {% endif %}", branches.Peek().Line);
    }

    private static bool Statement(TemplateToken token, bool active, Stack<Branch> branches, RenderScope scope, List<string> notValidated, List<int> notValidatedLines)
    {
        var text = token.Text;
        var space = text.IndexOfAny([' ', '\t', '\n', '(']);
        var keyword = space < 0 ? text : text[..space];
        var rest = space < 0 ? "" : text[space..].Trim();
        switch (keyword)
        {
            case "if":
                {
                    var taken = active && Condition(token, rest, scope, notValidated, notValidatedLines);
                    branches.Push(new Branch(active, taken, token.Line));
                    return taken;
                }
            case "elif":
                {
                    var branch = Open(branches, token, "elif");
                    var taken = branch.ParentActive && !branch.Taken && Condition(token, rest, scope, notValidated, notValidatedLines);
                    branch.Taken |= taken;
                    return taken;
                }
            case "else":
                {
                    var branch = Open(branches, token, "else");
                    var taken = branch.ParentActive && !branch.Taken;
                    branch.Taken = true;
                    return taken;
                }
            case "endif":
                Open(branches, token, "endif");
                return branches.Pop().ParentActive;
            default:
                if (active) NotValidated(token, $"{{% {keyword} %}}", notValidated, notValidatedLines);
                return active;
        }
    }

    private static Branch Open(Stack<Branch> branches, TemplateToken token, string keyword) =>
        branches.Count > 0 ? branches.Peek() : throw new TemplateException($"{{% {keyword} %}} without an {{% if %}} before it", token.Line);

    private static bool Condition(TemplateToken token, string expression, RenderScope scope, List<string> notValidated, List<int> notValidatedLines) =>
        Evaluate(token with { Text = expression }, scope, notValidated, notValidatedLines, out var value) && PythonText.Truthy(value);

    private static bool Evaluate(TemplateToken token, RenderScope scope, List<string> notValidated, List<int> notValidatedLines, out object? value)
    {
        try
        {
            value = ExpressionEvaluator.Evaluate(token.Text, scope);
            return true;
        }
        catch (NotValidatedException e)
        {
            NotValidated(token, e.Construct, notValidated, notValidatedLines);
            value = null;
            return false;
        }
        catch (TemplateException e) when (e.Line == 0)
        {
            throw new TemplateException(e.Message, token.Line);
        }
    }

    private static void NotValidated(TemplateToken token, string construct, List<string> notValidated, List<int> notValidatedLines)
    {
        notValidated.Add($"line {token.Line}: {construct}");
        notValidatedLines.Add(token.Line);
    }

    private static ModelConfig Config(Dictionary<string, object?> config)
    {
        if (config.Count == 0) return ModelConfig.None;
        var uniqueKey = config.GetValueOrDefault("unique_key") switch
        {
            string key => key.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            IReadOnlyList<object?> keys => [.. KeyNames(keys)],
            _ => Array.Empty<string>(),
        };
        return new ModelConfig(config.GetValueOrDefault("materialized") as string, uniqueKey,
            config.GetValueOrDefault("on_schema_change") as string, config.GetValueOrDefault("incremental_strategy") as string);
    }

    private static IEnumerable<string> KeyNames(IReadOnlyList<object?> keys)
    {
        foreach (var key in keys)
        {
            if (key is string name) yield return name;
        }
    }

    /// <summary>One open <c>{% if %}</c>: whether its surroundings render, and whether a branch was already taken.</summary>
    private sealed class Branch(bool parentActive, bool taken, int line)
    {
        public bool ParentActive { get; } = parentActive;

        public bool Taken { get; set; } = taken;

        public int Line { get; } = line;
    }
}
