using Etl.Local.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>The real local host (Kestrel on a free 127.0.0.1 port, SQLite, disk, in-process runner) over a temp data directory.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const long MultipartLimit = 256 * 1024;
    public const long SignedLimit = 1024 * 1024;

    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    public string DataDirectory => _data.Path;

    public EtlClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = LocalHost.Build(new LocalHostOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _data.Path,
            Concurrency = 2,
            MaxMultipartUploadBytes = MultipartLimit,
            MaxSignedUploadBytes = SignedLimit,
        });
        await _app.StartAsync();
        Client = new EtlClient(_app.ListeningAddress());
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
