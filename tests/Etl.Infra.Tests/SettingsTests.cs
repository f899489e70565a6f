using Amazon.CDK.AWS.Logs;
using Etl.Infra.Settings;

namespace Etl.Infra.Tests;

/// <summary>Context values are checked at synth, with a message that names the key and what to set.</summary>
public sealed class SettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("etl-settings-").FullName;

    public SettingsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "glue-jobs"));
        File.WriteAllText(Path.Combine(_root, "glue-jobs", "convert_job.py"), "# placeholder\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private DeploymentSettings Read(params (string Key, string Value)[] context)
    {
        var values = context.ToDictionary(c => c.Key, c => c.Value);
        values.TryAdd("repoRoot", _root);
        return DeploymentSettings.From(key => values.GetValueOrDefault(key), _ => null);
    }

    [Fact]
    public void Without_context_the_defaults_of_the_design_apply()
    {
        var settings = Read();
        Assert.Equal("etl-pipeline-jobs", settings.JobsTableName);
        Assert.Equal(AuthMode.CognitoUserPool, settings.Auth.Mode);
        Assert.Equal(1L << 30, settings.GlueThresholdBytes);
        Assert.Equal(RetentionDays.ONE_MONTH, settings.LogRetention);
        Assert.Equal("offline", settings.Agent);
        Assert.Equal("global.anthropic.claude-haiku-4-5-20251001-v1:0", settings.BedrockModelId);
        Assert.False(settings.AutoTrigger);
        Assert.Null(settings.BootstrapDirectory);
        Assert.Equal(Path.Combine(_root, "glue-jobs", "convert_job.py"), settings.GlueScript);
    }

    [Theory]
    [InlineData("webOrigin", "https://etl.example.com/", "webOrigin=https://etl.example.com/ is not an origin")]
    [InlineData("webOrigin", "https://etl.example.com/app", "without a path")]
    [InlineData("webOrigin", "http://etl.example.com", "http only for localhost")]
    [InlineData("auth", "open", "auth=open is not known; use jwt")]
    [InlineData("authIssuer", "https://login.example.com", "authAudience is missing")]
    [InlineData("authAudience", "page", "authIssuer is missing")]
    [InlineData("logRetentionDays", "10", "logRetentionDays=10 is not a retention CloudWatch Logs offers; use one of 1, 3, 5, 7, 14, 30")]
    [InlineData("glueThresholdBytes", "-1", "glueThresholdBytes=-1 is not a whole number")]
    [InlineData("agent", "gpt", "agent=gpt is not an agent; use offline")]
    [InlineData("autoTrigger", "yes please", "autoTrigger=yes please is not true or false")]
    [InlineData("prefix", "Etl_Prod", "prefix=Etl_Prod: use 1 to 20 lower-case letters")]
    [InlineData("bootstrapDir", "no-such-dir", "has no file named bootstrap, nor api/bootstrap and full/bootstrap")]
    [InlineData("glueScript", "missing.py", "missing.py does not exist")]
    public void A_bad_value_stops_synth_with_a_message_naming_it(string key, string value, string message)
    {
        var error = Assert.Throws<DeploymentSettingsException>(() => Read((key, value)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issuer_must_be_https_and_auth_none_cannot_have_one()
    {
        Assert.Contains("is not an https issuer URL", Assert.Throws<DeploymentSettingsException>(() =>
            Read(("authIssuer", "http://login.example.com"), ("authAudience", "page"))).Message, StringComparison.Ordinal);
        Assert.Contains("contradict", Assert.Throws<DeploymentSettingsException>(() =>
            Read(("auth", "none"), ("authIssuer", "https://login.example.com"), ("authAudience", "page"))).Message, StringComparison.Ordinal);
        Assert.Equal(new AuthSettings(AuthMode.ExternalIssuer, "https://login.example.com", "page"),
            Read(("authIssuer", "https://login.example.com"), ("authAudience", "page")).Auth);
        Assert.Equal(AuthMode.None, Read(("auth", "none")).Auth.Mode);
    }

    [Fact]
    public void Loopback_origins_may_be_http()
    {
        Assert.Equal("http://localhost:5173", Read(("webOrigin", "http://localhost:5173")).WebOrigin);
        Assert.Equal("http://127.0.0.1:5173", Read(("webOrigin", "http://127.0.0.1:5173")).WebOrigin);
    }

    [Fact]
    public void A_published_bootstrap_directory_is_taken_from_the_environment_too()
    {
        var published = Directory.CreateDirectory(Path.Combine(_root, "publish")).FullName;
        File.WriteAllText(Path.Combine(published, "bootstrap"), "x");
        var settings = DeploymentSettings.From(key => key == "repoRoot" ? _root : null, name => name == "ETL_BOOTSTRAP_DIR" ? published : null);
        Assert.Equal(published, settings.BootstrapDirectory);
    }
}
