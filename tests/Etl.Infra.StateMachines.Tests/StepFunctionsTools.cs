using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Etl.Infra.StateMachines.Tests;

/// <summary>
/// The npm tools of tests/stepfunctions (asl-validator 4.0.0, aws-local-stepfunctions 3.0.0) run with node. A missing
/// node or missing packages fail the test with what to do — never a skip.
/// </summary>
public static class StepFunctionsTools
{
    private static readonly Lazy<string> Folder = new(Locate);

    /// <summary>tests/stepfunctions, its packages checked.</summary>
    public static string Directory
    {
        get
        {
            foreach (var package in new[] { "asl-validator", "aws-local-stepfunctions" })
            {
                if (!File.Exists(Path.Combine(Folder.Value, "node_modules", package, "package.json")))
                {
                    Assert.Fail($"the npm package '{package}' is missing from {Folder.Value}/node_modules: run npm ci in tests/stepfunctions (test.sh does this before dotnet test)");
                }
            }

            return Folder.Value;
        }
    }

    /// <summary>asl-validator's verdict on each definition: (isValid, errors).</summary>
    public static IReadOnlyList<(bool IsValid, string Errors)> Validate(params JsonObject[] definitions)
    {
        var files = definitions.Select(d =>
        {
            var file = Path.Combine(Path.GetTempPath(), $"asl-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, d.ToJsonString());
            return file;
        }).ToList();
        try
        {
            var start = Node("validate.mjs", files);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node validate.mjs exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!)
                .Select(r => (r["isValid"]!.GetValue<bool>(), r["errors"]!.GetValue<string>()))
                .ToList();
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    public static ProcessStartInfo Node(string script, IEnumerable<string> arguments)
    {
        var directory = Directory;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "stepfunctions");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }

        throw new DirectoryNotFoundException($"no tests/stepfunctions/package.json above {AppContext.BaseDirectory}");
    }
}
