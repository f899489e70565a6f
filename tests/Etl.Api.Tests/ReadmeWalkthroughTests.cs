using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Etl.Api.Tests;

/// <summary>
/// Every README block marked <c>&lt;!-- walkthrough --&gt;</c> runs as written (bash, from the repository root) against
/// a real <c>etl serve</c>, with only the address replaced, so the documented commands cannot drift from the product.
/// </summary>
public class ReadmeWalkthroughTests
{
    private const string DocumentedAddress = "http://127.0.0.1:5080";

    [Fact]
    public async Task The_REST_API_walkthrough_runs_as_written()
    {
        var block = Assert.Single(WalkthroughBlocks(), b => b.Contains("$API/upload", StringComparison.Ordinal));
        Assert.Contains(DocumentedAddress, block);

        using var data = new TempDirectory();
        using var etl = await EtlProcess.StartAsync(data.Path);
        var (exitCode, output, errors) = await RunBashAsync(block.Replace(DocumentedAddress, etl.Address.ToString().TrimEnd('/')));

        Assert.True(exitCode == 0, $"the walk-through failed (exit {exitCode}).\nstdout:\n{output}\nstderr:\n{errors}\netl:\n{etl.Output}");
        // Step 3: the Parquet job completed with the corpus file's 8 rows; 5b: the JSON job completed too.
        Assert.Contains("\"rowCount\": 8", output);
        Assert.DoesNotContain("\"status\": \"FAILED\"", output);
        Assert.Equal(2, Regex.Count(output, "\"status\":\"RUNNING\""));
        // Steps 5 and 5b print a column of the profile and a field of the inferred schema: objects with a name, not null.
        Assert.Equal(2, Regex.Count(output, "^  \"name\": \"", RegexOptions.Multiline));
        Assert.EndsWith("{\"status\":\"ok\"}", output.TrimEnd());
    }

    /// <summary>The bash blocks that follow a <c>&lt;!-- walkthrough</c> comment in README.md.</summary>
    private static List<string> WalkthroughBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var blocks = new List<string>();
        foreach (Match match in Regex.Matches(readme, @"<!-- walkthrough[^\n]*-->\n```bash\n(.*?)\n```", RegexOptions.Singleline))
        {
            blocks.Add(match.Groups[1].Value);
        }

        return blocks;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunBashAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-euo", "pipefail", "-c", script },
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            Assert.Fail($"the walk-through did not finish within 2 minutes.\nstdout so far:\n{await output}");
        }

        return (bash.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no repository root (README.md beside functions/) above {AppContext.BaseDirectory}");
    }
}
