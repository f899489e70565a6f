using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Etl.Aws.Tests;

/// <summary>
/// One emulator (tests/emulators/s3.js or dynamodb.js under node) on 127.0.0.1. It is started on a free port, which
/// it reports on its first line of output; <see cref="Stop"/> kills it by pid and <see cref="Start"/> brings it back on the
/// same port (and, for S3, the same data directory), as a crashed and restarted service would be.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private readonly string _script;
    private readonly string[] _arguments;
    private readonly StringBuilder _errors = new();
    private Process? _process;

    private EmulatorProcess(string script, string[] arguments)
    {
        _script = script;
        _arguments = arguments;
    }

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>s3rver with the given buckets, storing objects under <paramref name="directory"/>.</summary>
    public static EmulatorProcess S3(string directory, params string[] buckets) => Started(new EmulatorProcess("s3.js", [directory, .. buckets]));

    /// <summary>dynalite in memory (its tables go when it stops).</summary>
    public static EmulatorProcess DynamoDb() => Started(new EmulatorProcess("dynamodb.js", []));

    private static EmulatorProcess Started(EmulatorProcess emulator)
    {
        emulator.Start();
        return emulator;
    }

    public void Start()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{_script} is already running.");
        }

        var directory = Directory.Value;
        if (!File.Exists(Path.Combine(directory, "node_modules", "s3rver", "package.json")) || !File.Exists(Path.Combine(directory, "node_modules", "dynalite", "package.json")))
        {
            Assert.Fail($"The emulators are not installed in {directory}/node_modules: run npm ci in tests/emulators (test.sh does this before dotnet test).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, _script));
        if (_script == "s3.js")
        {
            start.ArgumentList.Add(_arguments[0]);
            start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var bucket in _arguments[1..]) start.ArgumentList.Add(bucket);
        }
        else
        {
            start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
        {
            process.Kill(entireProcessTree: true);
            string errors;
            lock (_errors) errors = _errors.ToString();
            throw new InvalidOperationException($"{_script} did not report its port: {errors}");
        }

        Port = JsonDocument.Parse(line.Result).RootElement.GetProperty("port").GetInt32();
        _process = process;
    }

    /// <summary>Kills the emulator by its pid, as a crash would.</summary>
    public void Stop()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>Makes the next <paramref name="count"/> requests (of one method, when given) fail with HTTP <paramref name="status"/> (see the script).</summary>
    public async Task InjectFaultsAsync(int count, int status, string? method = null)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Endpoint, $"/__faults?count={count}&status={status}{(method is null ? "" : $"&method={method}")}"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many service requests the emulator has received.</summary>
    public async Task<int> RequestCountAsync()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(Endpoint, "/__requests")));
        return document.RootElement.GetProperty("requests").GetInt32();
    }

    public void Dispose() => Stop();

    private static readonly Lazy<string> Directory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "emulators");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }

        throw new DirectoryNotFoundException($"no tests/emulators/package.json above {AppContext.BaseDirectory}");
    });
}
