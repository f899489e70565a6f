using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Etl.Infra;
using Etl.Infra.Settings;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Etl.Infra.Tests;

/// <summary>
/// The app synthesized once in-process with test context: a placeholder bootstrap directory (so nothing is published)
/// and the repository's Glue job (glue-jobs/), each stack's template as CloudFormation JSON. Subclasses choose the context.
/// </summary>
public abstract class Deployment : IDisposable
{
    public const string WebOrigin = "https://etl.example.com";

    private readonly string _directory = Directory.CreateTempSubdirectory("etl-infra-").FullName;

    protected Deployment(IDictionary<string, object> context)
    {
        var bootstrap = Path.Combine(_directory, "bootstrap-publish");
        // The two builds (BootstrapBuild): different placeholders, so each function's asset shows which build it deploys.
        foreach (var build in new[] { "api", "full" })
        {
            Directory.CreateDirectory(Path.Combine(bootstrap, build));
            File.WriteAllText(Path.Combine(bootstrap, build, "bootstrap"), $"placeholder of the {build} build: the tests synthesize, they do not deploy");
        }

        var all = new Dictionary<string, object>
        {
            ["webOrigin"] = WebOrigin,
            ["bootstrapDir"] = bootstrap,
            ["logRetentionDays"] = "90",
        };
        foreach (var (key, value) in context)
        {
            all[key] = value;
        }

        var app = new App(new AppProps { Context = all, Outdir = Path.Combine(_directory, "cdk.out") });
        Settings = DeploymentSettings.FromContext(app.Node, _ => null);
        App = EtlApp.Create(app, Settings);
        Storage = Json(Template.FromStack(App.Storage));
        Data = Json(Template.FromStack(App.Data));
        Compute = Json(Template.FromStack(App.Compute));
        ApiTemplate = Template.FromStack(App.Api);
        Api = Json(ApiTemplate);
    }

    public DeploymentSettings Settings { get; }

    public EtlApp App { get; }

    public CloudFormation Storage { get; }

    public CloudFormation Data { get; }

    public CloudFormation Compute { get; }

    public CloudFormation Api { get; }

    public Template ApiTemplate { get; }

    public IEnumerable<CloudFormation> Templates => [Storage, Data, Compute, Api];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }

        GC.SuppressFinalize(this);
    }

    private static CloudFormation Json(Template template) =>
        new(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(template.ToJSON()))!.AsObject());
}

/// <summary>The default shape with every optional part on: Cognito (no issuer given), auto-trigger, the bedrock agent.</summary>
public sealed class DefaultDeployment() : Deployment(new Dictionary<string, object> { ["autoTrigger"] = "true", ["agent"] = "bedrock" });

/// <summary>auth=none, offline agent, no auto-trigger.</summary>
public sealed class OpenDeployment() : Deployment(new Dictionary<string, object> { ["auth"] = "none", ["prefix"] = "etl-open" });

/// <summary>An external OpenID Connect issuer.</summary>
public sealed class IssuerDeployment() : Deployment(new Dictionary<string, object>
{
    ["authIssuer"] = IssuerDeployment.Issuer,
    ["authAudience"] = IssuerDeployment.Audience,
})
{
    public const string Issuer = "https://login.example.com/realms/etl";
    public const string Audience = "etl-page";
}

[CollectionDefinition(Name)]
public sealed class DefaultDeploymentCollection : ICollectionFixture<DefaultDeployment>
{
    public const string Name = "default deployment";
}
