using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace Etl.Infra.Compute;

/// <summary>
/// Builds a Lambda asset on this machine during synth: scripts/publish-bootstrap.sh publishes one
/// <see cref="BootstrapBuild"/> of functions/Etl.Lambda for linux-x64 into the asset's output directory, so
/// <c>npx cdk deploy</c> needs nothing but the .NET SDK. (jsii calls this object back from node, hence
/// <see cref="DeputyBase"/>.) Without a <c>dotnet</c> on the PATH it declines, and the CDK falls back to the same
/// publish in a container.
/// </summary>
public sealed class DotnetPublishBundling(string repositoryRoot, BootstrapBuild build) : DeputyBase, ILocalBundling
{
    public const string Script = "scripts/publish-bootstrap.sh";

    /// <summary>The script and its arguments; <paramref name="outputDirectory"/> receives <c>bootstrap</c> and its files.</summary>
    public static string[] Arguments(BootstrapBuild build, string outputDirectory) => [Script, build.Mode, outputDirectory];

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        if (!OnPath("dotnet"))
        {
            return false;
        }

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(build, outputDir))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");

        // The CDK CLI shows the app's stderr; stdout stays free of build noise.
        using (process)
        {
            process.OutputDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine(line.Data); };
            process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{string.Join(' ', Arguments(build, outputDir))} failed (exit code {process.ExitCode}) in {repositoryRoot}; "
                    + "fix the build error above, or publish both builds yourself (scripts/publish-bootstrap.sh api DIR/api; scripts/publish-bootstrap.sh full DIR/full) and pass -c bootstrapDir=DIR.");
            }
        }

        return File.Exists(Path.Combine(outputDir, "bootstrap"))
            ? true
            : throw new InvalidOperationException($"{Script} {build.Mode} produced no file named bootstrap in {outputDir}.");
    }

    private static bool OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, program)));
}
