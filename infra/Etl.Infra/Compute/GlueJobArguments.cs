using System.Text.Json;

namespace Etl.Infra.Compute;

/// <summary>
/// The arguments glue-jobs/convert_job.py takes, read from glue-jobs/arguments.json (the script reads the same file),
/// so the job's DefaultArguments cannot drift from what the script expects.
/// </summary>
public sealed record GlueJobArguments(IReadOnlyList<GlueJobArgument> Arguments)
{
    public static GlueJobArguments Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var arguments = new List<GlueJobArgument>();
        foreach (var argument in document.RootElement.GetProperty("arguments").EnumerateArray())
        {
            arguments.Add(new GlueJobArgument(
                argument.GetProperty("name").GetString()!,
                argument.GetProperty("required").GetBoolean(),
                argument.GetProperty("perRun").GetBoolean()));
        }

        return new GlueJobArguments(arguments);
    }

    /// <summary>
    /// The fixed arguments as DefaultArguments: every argument that is not given per run must have a value here, and no
    /// value may name an argument the script does not declare.
    /// </summary>
    public Dictionary<string, string> Defaults(IReadOnlyDictionary<string, string> values, string source)
    {
        var defaults = new Dictionary<string, string>();
        foreach (var argument in Arguments)
        {
            if (values.TryGetValue(argument.Name, out var value))
            {
                defaults[argument.Name] = value;
            }
            else if (argument.Required && !argument.PerRun)
            {
                throw new InvalidOperationException($"{source} declares the required argument {argument.Name}, which the CDK app does not set: give it a value in GlueConvertJob.");
            }
        }

        foreach (var name in values.Keys)
        {
            if (!Arguments.Any(a => a.Name == name))
            {
                throw new InvalidOperationException($"The CDK app sets the Glue argument {name}, which {source} does not declare: add it there (and to convert_job.py) or drop it.");
            }
        }

        return defaults;
    }
}

/// <summary>One argument of the Glue job: <c>--name</c>, whether the script needs it, whether each run passes it.</summary>
public sealed record GlueJobArgument(string Name, bool Required, bool PerRun);
