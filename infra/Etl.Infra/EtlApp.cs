using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Etl.Infra.Api;
using Etl.Infra.Compute;
using Etl.Infra.Data;
using Etl.Infra.Settings;
using Etl.Infra.Storage;

namespace Etl.Infra;

/// <summary>
/// The deployment: four stacks as the original design splits them — storage, data, compute, API — named after the
/// prefix. The stacks are environment-agnostic (no account or region at synth), so <c>npx cdk synth</c> needs no
/// credentials and no network; <c>cdk deploy</c> puts them in the account and region of the caller's credentials.
/// </summary>
public sealed record EtlApp(StorageStack Storage, DataStack Data, ComputeStack Compute, ApiStack Api)
{
    public static EtlApp Create(App app, DeploymentSettings settings)
    {
        string Name(string part) => $"{Pascal(settings.Prefix)}{part}";
        var storage = new StorageStack(app, Name("Storage"), settings, Described("Buckets: input, output, artifacts"));
        var data = new DataStack(app, Name("Data"), settings, Described("The jobs table and the Glue catalog database"));
        var compute = new ComputeStack(app, Name("Compute"),
            new ComputeStackProps(settings, storage.Input, storage.Output, storage.Artifacts, data.Jobs, data.CatalogDatabaseName),
            Described("The functions, state machines, Glue job and alarms"));
        var api = new ApiStack(app, Name("Api"),
            new ApiStackProps(settings, compute.Functions.ToDictionary(pair => pair.Key, pair => (IFunction)pair.Value.Function)),
            Described("The HTTP API and its authorizer"));
        return new EtlApp(storage, data, compute, api);
    }

    private static StackProps Described(string what) => new() { Description = $"Agentic ETL: {what}" };

    private static string Pascal(string prefix) =>
        string.Concat(prefix.Split('-').Where(part => part.Length > 0).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
