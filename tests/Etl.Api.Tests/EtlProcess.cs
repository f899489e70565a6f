using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Etl.Api.Tests;

/// <summary>
/// A separate `etl serve` process (the built etl.dll next to the tests), so a test can kill it the hard way and
/// start it again on the same data directory.
/// </summary>
public sealed class EtlProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EtlProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EtlProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "etl.dll"), "serve", "--urls", address.ToString(), "--data-dir", dataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start etl.");
        var etl = new EtlProcess(process, address);
        process.OutputDataReceived += (_, e) => etl.Append(e.Data);
        process.ErrorDataReceived += (_, e) => etl.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return etl;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        etl.Dispose();
        throw new InvalidOperationException($"etl did not become healthy: {etl.Output}");
    }

    /// <summary>Kills the process without any chance to clean up, as a crash or power cut would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
