using System.CommandLine;
using Etl.Local.Hosting;

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
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory (env ETL_DATA_DIR; default ./{LocalHostOptions.DefaultDataDirectory})." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Jobs processed at once (env ETL_CONCURRENCY)." };
        command.Options.Add(urls);
        command.Options.Add(dataDir);
        command.Options.Add(concurrency);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = LocalHostOptions.FromEnvironment();
            options = options with
            {
                Urls = parse.GetValue(urls) ?? options.Urls,
                DataDirectory = parse.GetValue(dataDir) ?? options.DataDirectory,
                Concurrency = parse.GetValue(concurrency) is { } n and > 0 ? n : options.Concurrency,
            };
            await using var app = LocalHost.Build(options);
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }
}
