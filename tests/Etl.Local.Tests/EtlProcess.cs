using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Etl.Local.Tests;

/// <summary>What one run of the CLI produced.</summary>
public sealed record EtlResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output as bytes, for binary output such as Parquet.</summary>
    public byte[] StandardOutputBytes { get; init; } = [];

    /// <summary>Standard error split into lines, without the empty one after the final newline.</summary>
    public string[] ErrorLines => StandardError.Length == 0 ? [] : StandardError.TrimEnd('\n').Split('\n');

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs the real <c>etl</c> program (<c>dotnet etl.dll …</c>) as a child process. The dll is the build output of
/// functions/Etl.Local for the configuration these tests were built in; <see cref="DllVariable"/> points elsewhere.
/// </summary>
public static class EtlProcess
{
    /// <summary>Environment variable naming another etl.dll to test (e.g. a published build).</summary>
    public const string DllVariable = "ETL_CLI_DLL";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string> Dll = new(FindDll);

    public static EtlResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, new EtlRunOptions(), args);

    public static EtlResult Run(string workingDirectory, EtlRunOptions options, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = options.StandardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in options.Environment) start.Environment[name] = value;
        var timeout = options.Timeout ?? Timeout;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = new MemoryStream();
        var copied = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (options.StandardInput is { } input) _ = FeedAsync(process.StandardInput.BaseStream, input);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"etl {string.Join(' ', args)} did not finish within {timeout}");
        }
        process.WaitForExit();
        copied.GetAwaiter().GetResult();
        var bytes = stdout.ToArray();
        return new EtlResult(process.ExitCode, new UTF8Encoding(false).GetString(bytes), stderr.GetAwaiter().GetResult()) { StandardOutputBytes = bytes };
    }

    /// <summary>Writes standard input and closes it; etl may stop reading early (a failure), which is not this writer's to report.</summary>
    private static async Task FeedAsync(Stream standardInput, byte[] bytes)
    {
        try
        {
            await standardInput.WriteAsync(bytes);
            await standardInput.DisposeAsync();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The dotnet host running these tests (the CLI sets DOTNET_HOST_PATH for its children).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && System.IO.File.Exists(host)) return host;
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet") return path;
        return "dotnet";
    }

    private static string FindDll()
    {
        if (Environment.GetEnvironmentVariable(DllVariable) is { Length: > 0 } configured)
        {
            if (!System.IO.File.Exists(configured)) throw new FileNotFoundException($"{DllVariable} names a file that does not exist", configured);
            return configured;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "etl.dll");
        if (System.IO.File.Exists(beside)) return beside;
        var configuration = typeof(EtlProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var repository = TestData.RepositoryRoot;
        var built = Path.Combine(repository, "functions", "Etl.Local", "bin", configuration, "net10.0", "etl.dll");
        if (System.IO.File.Exists(built)) return built;
        throw new FileNotFoundException($"etl.dll is neither next to the tests nor at {built}; build functions/Etl.Local ({configuration}) first");
    }
}

/// <summary>How to run etl beyond its arguments: bytes for standard input, environment variables, a shorter timeout.</summary>
public sealed record EtlRunOptions
{
    public byte[]? StandardInput { get; init; }
    public Dictionary<string, string> Environment { get; init; } = [];
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Shared test files and scratch folders.</summary>
public static class TestData
{
    private static readonly Lazy<string> Repository = new(() => FindUp(Path.Combine("functions", "Etl.Local"), ""));

    /// <summary>Absolute path of a file in tests/data/parquet-testing.</summary>
    public static string Corpus(string name) => TestFiles.ParquetTesting(name);

    public static string RepositoryRoot => Repository.Value;

    /// <summary>A new empty folder, removed when the returned handle is disposed.</summary>
    public static ScratchFolder Scratch() => new();

    /// <summary>Walks up from the test binaries to the folder holding <paramref name="marker"/>; returns that folder joined with <paramref name="result"/>.</summary>
    private static string FindUp(string marker, string result)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, marker))) return Path.Combine(dir.FullName, result);
        }
        throw new DirectoryNotFoundException($"no '{marker}' above {AppContext.BaseDirectory}");
    }
}

public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "etl-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every entry in the folder, hidden files included.</summary>
    public string[] Entries() => [.. Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
