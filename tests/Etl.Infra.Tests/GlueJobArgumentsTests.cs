using Etl.Infra.Compute;

namespace Etl.Infra.Tests;

public sealed class GlueJobArgumentsTests
{
    private static readonly GlueJobArguments Declared = new(
    [
        new GlueJobArgument("--job-id", Required: true, PerRun: true),
        new GlueJobArgument("--input-bucket", Required: true, PerRun: false),
        new GlueJobArgument("--output-format", Required: false, PerRun: true),
    ]);

    [Fact]
    public void A_fixed_argument_the_script_requires_but_the_app_does_not_set_fails_synth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Declared.Defaults(new Dictionary<string, string>(), "arguments.json"));
        Assert.Contains("--input-bucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_argument_the_script_does_not_declare_fails_synth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Declared.Defaults(
            new Dictionary<string, string> { ["--input-bucket"] = "in", ["--artifacts-bucket"] = "a" }, "arguments.json"));
        Assert.Contains("--artifacts-bucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_s_declaration_loads_and_the_per_run_arguments_are_left_to_the_state_machine()
    {
        var declared = GlueJobArguments.Load(Path.Combine(RepositoryRoot(), "glue-jobs", "arguments.json"));
        Assert.Contains(declared.Arguments, a => a is { Name: "--job-id", PerRun: true, Required: true });
        Assert.All(declared.Arguments, a => Assert.StartsWith("--", a.Name, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "cdk.json")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cdk.json not found above the test binaries.");
    }
}
