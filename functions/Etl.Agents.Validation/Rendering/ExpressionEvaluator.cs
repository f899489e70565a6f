namespace Etl.Agents.Validation.Rendering;

/// <summary>
/// Parses and evaluates one Jinja expression against a <see cref="RenderScope"/>: literals, lists, <c>and</c>/
/// <c>or</c>/<c>not</c>, comparisons, and the calls dbt models use (<c>ref</c>, <c>source</c>, <c>config</c>,
/// <c>var</c>, <c>is_incremental</c>) plus <c>this</c>. Anything else throws <see cref="NotValidatedException"/>.
/// </summary>
internal sealed class ExpressionEvaluator
{
    private readonly List<ExpressionToken> _tokens;
    private readonly RenderScope _scope;
    private int _at;

    private ExpressionEvaluator(string text, RenderScope scope)
    {
        try
        {
            _tokens = ExpressionLexer.Tokenize(text);
        }
        catch (FormatException e)
        {
            throw new NotValidatedException($"expression '{text}' ({e.Message})");
        }
        _scope = scope;
    }

    public static object? Evaluate(string text, RenderScope scope)
    {
        var evaluator = new ExpressionEvaluator(text, scope);
        var value = evaluator.Or();
        if (evaluator.Peek.Kind != ExpressionTokenKind.End) throw evaluator.Unsupported();
        return value;
    }

    private ExpressionToken Peek => _tokens[_at];

    private object? Or()
    {
        var left = And();
        while (IsName("or"))
        {
            _at++;
            var right = And();
            left = PythonText.Truthy(left) ? left : right;
        }
        return left;
    }

    private object? And()
    {
        var left = Not();
        while (IsName("and"))
        {
            _at++;
            var right = Not();
            left = PythonText.Truthy(left) ? right : left;
        }
        return left;
    }

    private object? Not()
    {
        if (IsName("not"))
        {
            _at++;
            return !PythonText.Truthy(Not());
        }
        return Compare();
    }

    private object? Compare()
    {
        var left = Primary();
        while (true)
        {
            if (Peek.Kind == ExpressionTokenKind.Operator && Peek.Text is "==" or "!=" or "<" or ">" or "<=" or ">=")
            {
                var op = Peek.Text;
                _at++;
                var right = Primary();
                left = op switch
                {
                    "==" => PythonText.Same(left, right),
                    "!=" => !PythonText.Same(left, right),
                    _ => Order(op, left, right),
                };
            }
            else if (IsName("in") || (IsName("not") && _tokens[_at + 1] is { Kind: ExpressionTokenKind.Name, Text: "in" }))
            {
                var negate = IsName("not");
                _at += negate ? 2 : 1;
                var found = Contains(Primary(), left);
                left = negate ? !found : found;
            }
            else
            {
                return left;
            }
        }
    }

    private static bool Order(string op, object? left, object? right)
    {
        int comparison;
        if (left is string a && right is string b) comparison = string.CompareOrdinal(a, b);
        else if (AsNumber(left) is { } x && AsNumber(right) is { } y) comparison = x.CompareTo(y);
        else throw new NotValidatedException($"comparison {op} between {PythonText.Str(left)} and {PythonText.Str(right)}");
        return op switch { "<" => comparison < 0, ">" => comparison > 0, "<=" => comparison <= 0, _ => comparison >= 0 };
    }

    private static double? AsNumber(object? value) => value switch { long l => l, double d => d, bool b => b ? 1 : 0, _ => null };

    private static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string s when item is string part:
                return s.Contains(part, StringComparison.Ordinal);
            case IReadOnlyList<object?> list:
                foreach (var element in list)
                {
                    if (PythonText.Same(element, item)) return true;
                }
                return false;
            default:
                throw new NotValidatedException($"'in' on {PythonText.Str(container)}");
        }
    }

    private object? Primary()
    {
        var token = Peek;
        object? value;
        switch (token.Kind)
        {
            case ExpressionTokenKind.String:
                _at++;
                value = token.Value;
                // Adjacent string literals concatenate, as in Python.
                while (Peek.Kind == ExpressionTokenKind.String) value = (string)value! + (string)_tokens[_at++].Value!;
                break;
            case ExpressionTokenKind.Integer or ExpressionTokenKind.Float:
                _at++;
                value = token.Value;
                break;
            case ExpressionTokenKind.Operator when token.Text == "(":
                _at++;
                value = Or();
                Expect(")");
                break;
            case ExpressionTokenKind.Operator when token.Text == "[":
                _at++;
                value = Items("]");
                break;
            case ExpressionTokenKind.Operator when token.Text == "-" && _tokens[_at + 1].Kind is ExpressionTokenKind.Integer or ExpressionTokenKind.Float:
                _at++;
                var number = _tokens[_at++].Value;
                value = number is long l ? (object)(-l) : -(double)number!;
                break;
            case ExpressionTokenKind.Name:
                _at++;
                value = Name(token.Text);
                break;
            default:
                throw Unsupported();
        }
        if (Peek.Kind == ExpressionTokenKind.Operator && Peek.Text is "." or "[" or "|" or "(" or "+" or "-" or "*" or "/" or "%" or "~" or "//" or "**"
            || IsName("is") || IsName("if"))
        {
            throw Unsupported();
        }
        return value;
    }

    private object? Name(string name)
    {
        if (Peek is { Kind: ExpressionTokenKind.Operator, Text: "." } && _tokens[_at + 1].Kind == ExpressionTokenKind.Name)
        {
            // A package macro or an attribute (dbt_utils.star, target.schema): named as written, never evaluated.
            var dotted = name;
            while (Peek is { Kind: ExpressionTokenKind.Operator, Text: "." } && _tokens[_at + 1].Kind == ExpressionTokenKind.Name)
            {
                dotted += "." + _tokens[_at + 1].Text;
                _at += 2;
            }
            throw new NotValidatedException(Peek is { Kind: ExpressionTokenKind.Operator, Text: "(" } ? $"the macro {dotted}()" : $"the name '{dotted}'");
        }
        if (Peek is { Kind: ExpressionTokenKind.Operator, Text: "(" })
        {
            _at++;
            var (positional, named) = Arguments();
            return Call(name, positional, named);
        }
        return name switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            "none" or "None" => null,
            "this" => _scope.This,
            _ => throw new NotValidatedException($"the name '{name}'"),
        };
    }

    private object? Call(string name, List<object?> positional, Dictionary<string, object?> named)
    {
        switch (name)
        {
            case "ref":
                {
                    if (positional.Count is < 1 or > 2 || positional[^1] is not string model) throw new NotValidatedException("ref() with arguments other than ('model') or ('package', 'model')");
                    _scope.Refs.Add(model);
                    return new Relation(_scope.TargetSchema, model);
                }
            case "source":
                {
                    if (positional.Count != 2 || positional[0] is not string source || positional[1] is not string table)
                        throw new NotValidatedException("source() with arguments other than ('source', 'table')");
                    _scope.Sources.Add(new SourceReference(source, table));
                    return new Relation(source, table);
                }
            case "config":
                if (positional.Count > 0) throw new NotValidatedException("config() with positional arguments");
                foreach (var (key, value) in named) _scope.Config[key] = value;
                return "";
            case "var":
                {
                    if (positional.Count is < 1 or > 2 || positional[0] is not string variable) throw new NotValidatedException("var() with arguments other than ('name'[, default])");
                    if (_scope.Vars.TryGetValue(variable, out var value)) return value;
                    if (positional.Count == 2) return positional[1];
                    throw new TemplateException($"var('{variable}') is not set in dbt_project.yml's vars and has no default", 0);
                }
            case "is_incremental":
                if (positional.Count > 0 || named.Count > 0) throw new NotValidatedException("is_incremental() with arguments");
                return _scope.IsIncremental;
            default:
                throw new NotValidatedException($"the macro {name}()");
        }
    }

    private (List<object?> Positional, Dictionary<string, object?> Named) Arguments()
    {
        var positional = new List<object?>();
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (!IsOperator(")"))
        {
            if (Peek.Kind == ExpressionTokenKind.Name && _tokens[_at + 1] is { Kind: ExpressionTokenKind.Operator, Text: "=" })
            {
                var key = Peek.Text;
                _at += 2;
                named[key] = Or();
            }
            else
            {
                if (named.Count > 0) throw Unsupported();
                positional.Add(Or());
            }
            if (!IsOperator(")")) Expect(",");
        }
        _at++;
        return (positional, named);
    }

    private List<object?> Items(string close)
    {
        var items = new List<object?>();
        while (!IsOperator(close))
        {
            items.Add(Or());
            if (!IsOperator(close)) Expect(",");
        }
        _at++;
        return items;
    }

    private void Expect(string op)
    {
        if (!IsOperator(op)) throw Unsupported();
        _at++;
    }

    private bool IsOperator(string op) => Peek.Kind == ExpressionTokenKind.Operator && Peek.Text == op;

    private bool IsName(string name) => Peek.Kind == ExpressionTokenKind.Name && Peek.Text == name;

    private NotValidatedException Unsupported()
    {
        var rest = new List<string>();
        for (var i = _at; i < _tokens.Count && rest.Count < 4; i++) rest.Add(_tokens[i].Text);
        return new NotValidatedException(Peek.Kind == ExpressionTokenKind.End
            ? "an incomplete expression"
            : $"the expression at '{string.Join(' ', rest).Trim()}'");
    }
}
