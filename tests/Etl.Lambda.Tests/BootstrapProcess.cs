using System.Collections.Concurrent;
using System.Diagnostics;

namespace Etl.Lambda.Tests;

/// <summary>The compiled <c>bootstrap</c> (beside the tests, or a published one named by ETL_BOOTSTRAP) run as its own process.</summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process _process;

    private BootstrapProcess(Process process)
    {
        _process = process;
    }

    public ConcurrentQueue<string> Stdout { get; } = new();

    public static string Executable =>
        Environment.GetEnvironmentVariable("ETL_BOOTSTRAP") is { Length: > 0 } published
            ? published
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "bootstrap.exe" : "bootstrap");

    /// <summary>
    /// False when ETL_BOOTSTRAP_AGENTS=false names ETL_BOOTSTRAP as the agent-free build (<c>-p:EtlAgents=false</c>, the
    /// NativeAOT one for the API roles): its agent endpoint answers 503 instead of checking the request.
    /// </summary>
    public static bool IncludesAgents => Environment.GetEnvironmentVariable("ETL_BOOTSTRAP_AGENTS") != "false";

    /// <summary>
    /// The build the API roles deploy (the CDK app's NativeAOT <c>api</c> build) when ETL_BOOTSTRAP_API names one; else
    /// <see cref="Executable"/>.
    /// </summary>
    public static string ApiExecutable =>
        Environment.GetEnvironmentVariable("ETL_BOOTSTRAP_API") is { Length: > 0 } api ? api : Executable;

    public static BootstrapProcess Start(IReadOnlyDictionary<string, string> environment, string? executable = null)
    {
        var start = new ProcessStartInfo(executable ?? Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var started = new BootstrapProcess(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                started.Stdout.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                started.Stdout.Enqueue("stderr: " + line.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
