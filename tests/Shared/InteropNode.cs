using System.Diagnostics;

namespace Etl.Tests.Shared;

/// <summary>
/// Runs a script of tests/interop with node: the independent Parquet readers (DuckDB, hyparquet) that check
/// what our writer produces. A missing node or missing npm packages fail the test with what to do — never a skip.
/// </summary>
public static class InteropNode
{
    private static readonly Lazy<string> Directory = new(Locate);

    /// <summary>Runs <c>node tests/interop/{script} {arguments}</c> and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var directory = Directory.Value;
        foreach (var package in new[] { "@duckdb/node-api", "hyparquet", "hyparquet-compressors" })
        {
            if (!System.IO.File.Exists(Path.Combine(directory, "node_modules", package, "package.json")))
                Assert.Fail($"the npm package '{package}' is missing from {directory}/node_modules: run npm ci in tests/interop (test.sh does this before dotnet test)");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node could not be started ({e.Message}): install Node.js 20+ and run npm ci in tests/interop");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} did not finish within 2 minutes");
            }
            process.WaitForExit();
            if (process.ExitCode != 0) Assert.Fail($"node {script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (System.IO.File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException($"no tests/interop/package.json above {AppContext.BaseDirectory}");
    }
}
