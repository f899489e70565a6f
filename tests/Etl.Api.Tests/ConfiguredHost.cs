using Etl.Core.Convert;
using Etl.Local.Hosting;
using Etl.Parquet.File;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>
/// The real local host built from environment variables, as <c>etl serve</c> reads them (Kestrel on a free 127.0.0.1
/// port, a temp data directory), for tests of the settings that guard the server.
/// </summary>
public sealed class ConfiguredHost : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private WebApplication _app = null!;

    public EtlClient Client { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    public static async Task<ConfiguredHost> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var host = new ConfiguredHost();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ETL_URLS"] = "http://127.0.0.1:0",
            ["ETL_DATA_DIR"] = host._data.Path,
        };
        host._app = LocalHost.Build(LocalHostOptions.FromEnvironment(name => environment.GetValueOrDefault(name)));
        await host._app.StartAsync();
        host.Client = new EtlClient(host._app.ListeningAddress());
        return host;
    }

    /// <summary>
    /// Rows of one repeated string: a few kilobytes of Parquet that expand enormously — to tens of MB of JSON, and when
    /// they are one row group, to tens of MB of decoded values.
    /// </summary>
    public static byte[] ConstantColumnParquet(int rows, ParquetWriterOptions? writer = null)
    {
        var line = "{\"c\":\"the-same-value-in-every-row-of-this-file\"}\n"u8.ToArray();
        var ndjson = new byte[line.Length * rows];
        for (var i = 0; i < ndjson.Length; i += line.Length) line.CopyTo(ndjson, i);
        using var parquet = new MemoryStream();
        JsonToParquet.Convert(new MemoryStream(ndjson), parquet, new JsonToParquetOptions { Writer = writer ?? ParquetWriterOptions.Default });
        return parquet.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }
}
