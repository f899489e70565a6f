using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Signing;
using Etl.Adapters.Local.Storage;
using Etl.Agents.Hosting;
using Etl.Agents.Pipeline;
using Etl.Api;
using Etl.Aws.Configuration;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Local.Pipeline;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Etl.Local.Hosting;

/// <summary>
/// The whole product on one machine: the HTTP API, the signed blob URLs, the in-process pipeline and the web page
/// over a data directory (files + SQLite). `etl serve` runs it; tests build it on a free port.
/// </summary>
public static class LocalHost
{
    /// <summary>Folder inside the data directory for the job database and the signing key; never a blob key (keys cannot start with '.').</summary>
    public const string StateFolder = ".etl";

    /// <summary>Folder inside <see cref="StateFolder"/> for the conversions' temporary files; emptied at each start.</summary>
    public const string ScratchFolder = "tmp";

    public static WebApplication Build(LocalHostOptions options)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var stateDirectory = Path.Combine(dataDirectory, StateFolder);
        Directory.CreateDirectory(stateDirectory);
        IServer? server = null;
        var exposure = new Exposure(options, () => ListeningAddresses(server!));

        var aws = options.Backend == AwsBackend.Name ? AwsSettings.FromEnvironment() : null;

        // Before anything writes: what a killed run left (its temporary files, the upload folders they emptied, the
        // conversions' scratch files).
        var scratchDirectory = Path.Combine(stateDirectory, ScratchFolder);
        Directory.CreateDirectory(scratchDirectory);
        var blobStore = aws is null ? new DiskBlobStore(dataDirectory) : null;
        var leftoverFiles = (blobStore is null ? 0 : TemporaryFiles.RemoveLeftovers(dataDirectory)) + TemporaryFiles.EmptyScratch(scratchDirectory);
        var leftoverFolders = blobStore?.RemoveEmptyFolders() ?? 0;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        ConfigureLogging(builder.Logging, options.LogFormat);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // The catalog shares the jobs' database file: a job and the dataset version it made are kept (and copied) together.
        // On the AWS backend it stays in SQLite here until the Glue Data Catalog adapter exists.
        var databasePath = Path.Combine(stateDirectory, "jobs.db");
        services.AddSingleton<ICatalog>(sp => new SqliteCatalog(databasePath, sp.GetRequiredService<TimeProvider>()));
        if (aws is not null)
        {
            AwsBackend.Register(services, aws, options);
        }
        else
        {
            services.AddSingleton<IBlobStore>(blobStore!);
            services.AddSingleton<IJobStore>(new SqliteJobStore(databasePath));
            var secret = SigningSecret.LoadOrCreate(stateDirectory);
            services.AddSingleton(sp => new HmacSignedUrlIssuer(secret, () => exposure.PublicBase, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISignedUrlIssuer>(sp => sp.GetRequiredService<HmacSignedUrlIssuer>());
        }

        var stageSettings = new StageSettings(options.OutputLimits, options.MaxDecodeBytes, scratchDirectory);
        // Chosen at start-up, so a bad ETL_AGENT or missing Bedrock settings stop `etl serve` with what to set.
        var agents = AgentServices.FromEnvironmentAsync(options.ReadSetting).GetAwaiter().GetResult();
        services.AddSingleton(agents);
        services.AddSingleton(sp =>
        {
            var blobs = sp.GetRequiredService<IBlobStore>();
            var catalog = sp.GetRequiredService<ICatalog>();
            var jobs = sp.GetRequiredService<IJobStore>();
            var agentStages = AgentStageSet.Create(blobs, catalog, jobs, agents.Agent, agents.Validator, agents.Prices, scratchDirectory);
            return new StageRunner(jobs,
            [
                new PipelineStages(PipelineDeclaration.Convert, [.. StageSet.Create(blobs, catalog, stageSettings).Select(stage => Delayed(stage, options))]),
                agentStages with { Stages = [.. agentStages.Stages.Select(stage => Delayed(stage, options))] },
            ], sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new InProcessPipelineRunner(
            sp.GetRequiredService<StageRunner>(), sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InProcessPipelineRunner>>(), options.Concurrency, options.QueueCapacity));
        services.AddSingleton<IPipelineStarter>(sp => sp.GetRequiredService<InProcessPipelineRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessPipelineRunner>());

        services.AddEtlApi(api =>
        {
            api.MaxMultipartUploadBytes = options.MaxMultipartUploadBytes;
            api.MaxSignedUploadBytes = options.MaxSignedUploadBytes;
            api.UploadUrlLifetime = options.SignedUrlLifetime;
            api.DownloadUrlLifetime = options.SignedUrlLifetime;
            api.Agent = agents.Name;
            api.AgentPrices = agents.Prices;
        });

        var app = builder.Build();
        server = app.Services.GetRequiredService<IServer>();
        app.UseExceptionHandler();
        app.UseHostFilter(exposure);
        app.UseOriginPolicy(exposure);
        app.UseStatusCodePages();
        app.MapEtlApi();
        if (aws is null)
        {
            app.MapSignedBlobEndpoints(); // on AWS, signed URLs are S3's
        }
        else
        {
            var resources = AwsBackend.Describe(aws);
            app.Logger.AwsBackendUsed(resources);
        }

        var webRoot = WebPage.Resolve(options.WebRoot, AppContext.BaseDirectory, out var webProblem);
        app.MapWebPage(webRoot);
        app.Logger.HostReady(options.Urls, dataDirectory, options.Concurrency);
        if (webProblem is not null)
        {
            app.Logger.WebPageProblem(webProblem);
        }

        app.Logger.WebPageServed(webRoot ?? "the built-in page (no frontend/dist build found; ./run.sh builds it)");
        if (leftoverFiles + leftoverFolders > 0)
        {
            app.Logger.LeftoversRemoved(leftoverFiles, leftoverFolders, dataDirectory);
        }

        if (exposure.AcceptsAnyHost)
        {
            app.Logger.AnyHostAccepted();
        }

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.Exposed(exposure.PublicBase, exposure.AcceptedHosts,
            options.AllowedOrigins.Count == 0 ? "none" : string.Join(", ", options.AllowedOrigins)));
        return app;
    }

    /// <summary>The address the host actually listens on (after binding, so port 0 resolves to the real port).</summary>
    public static Uri ListeningAddress(this WebApplication app)
    {
        var first = ListeningAddresses(app.Services.GetRequiredService<IServer>()).FirstOrDefault()
            ?? throw new InvalidOperationException("The host is not listening yet.");
        return new Uri(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
    }

    private static ICollection<string> ListeningAddresses(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    private static IPipelineStage Delayed(IPipelineStage stage, LocalHostOptions options) =>
        options.StageDelay > TimeSpan.Zero ? new DelayedStage(stage, options.StageDelay) : stage;

    private static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.IncludeScopes = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.IncludeScopes = false;
            });
        }
    }
}
