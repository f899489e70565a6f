using System.CommandLine;
using Etl.Local.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Etl.Local.Cli;

/// <summary>`etl serve` (also what plain `etl` does): the API, the pipeline and the web page on one machine.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start the local product: REST API, pipeline and web page (the default verb).");
        Configure(command);
        return command;
    }

    /// <summary>Makes serve the root command's own action, so `etl` and `etl --urls …` serve.</summary>
    public static void MakeDefault(RootCommand root) => Configure(root);

    private static void Configure(Command command)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (env ETL_URLS; default {LocalHostOptions.DefaultUrls})." };
        var backend = new Option<string?>("--backend") { Description = "Where jobs and files live: local (the data directory, default) or aws (S3 and DynamoDB named by ETL_*_BUCKET, ETL_JOBS_TABLE; env ETL_BACKEND)." };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory (env ETL_DATA_DIR; default ./{LocalHostOptions.DefaultDataDirectory})." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Jobs processed at once (env ETL_CONCURRENCY)." };
        var publicUrl = new Option<string?>("--public-url") { Description = "Address clients reach the server under; signed URLs start with it (env ETL_PUBLIC_URL; default the listening address)." };
        var allowedHosts = new Option<string?>("--allowed-hosts") { Description = "Host names accepted besides loopback, comma-separated name or name:port; * for any (env ETL_ALLOWED_HOSTS)." };
        var allowedOrigins = new Option<string?>("--allowed-origins") { Description = "Origins of other sites whose pages may use the API (CORS), comma-separated scheme://host[:port] (env ETL_ALLOWED_ORIGINS)." };
        command.Options.Add(urls);
        command.Options.Add(backend);
        command.Options.Add(dataDir);
        command.Options.Add(concurrency);
        command.Options.Add(publicUrl);
        command.Options.Add(allowedHosts);
        command.Options.Add(allowedOrigins);
        command.SetAction(async (parse, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                var options = LocalHostOptions.FromEnvironment();
                options = options with
                {
                    Urls = parse.GetValue(urls) ?? options.Urls,
                    Backend = LocalHostOptions.ParseBackend(parse.GetValue(backend)) ?? options.Backend,
                    DataDirectory = parse.GetValue(dataDir) ?? options.DataDirectory,
                    Concurrency = parse.GetValue(concurrency) is { } n and > 0 ? n : options.Concurrency,
                    PublicUrl = parse.GetValue(publicUrl) ?? options.PublicUrl,
                    AllowedHosts = parse.GetValue(allowedHosts) is { } hosts ? LocalHostOptions.List(hosts) : options.AllowedHosts,
                    AllowedOrigins = parse.GetValue(allowedOrigins) is { } origins ? LocalHostOptions.List(origins) : options.AllowedOrigins,
                };
                app = LocalHost.Build(options);
            }
            catch (ArgumentException e)
            {
                // A malformed setting: the message names it; no stack trace.
                return CliFailure.Report(new CliUsageException(e.Message), verbose: false);
            }

            await using var running = app;
            await running.RunAsync(cancellationToken);
            return 0;
        });
    }
}
