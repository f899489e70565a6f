using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace Etl.Infra.Compute;

/// <summary>
/// Builds the Lambda asset on this machine during synth: <c>dotnet publish functions/Etl.Lambda</c> self-contained for
/// linux-x64 into the asset's output directory, so <c>npx cdk deploy</c> needs nothing but the .NET SDK. (jsii calls
/// this object back from node, hence <see cref="DeputyBase"/>.) Without a <c>dotnet</c> on the PATH it declines, and the
/// CDK falls back to the same publish in a container.
/// </summary>
public sealed class DotnetPublishBundling(string repositoryRoot) : DeputyBase, ILocalBundling
{
    public const string Project = "functions/Etl.Lambda";

    /// <summary>The publish arguments; <paramref name="outputDirectory"/> receives <c>bootstrap</c> and its files.</summary>
    public static string[] Arguments(string outputDirectory) =>
        ["publish", Project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", outputDirectory, "--nologo"];

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(outputDir))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }

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
                throw new InvalidOperationException($"dotnet {string.Join(' ', Arguments(outputDir))} failed (exit code {process.ExitCode}) in {repositoryRoot}; "
                    + "fix the build error above, or publish yourself and pass the directory with -c bootstrapDir=DIR.");
            }
        }

        return File.Exists(Path.Combine(outputDir, "bootstrap"))
            ? true
            : throw new InvalidOperationException($"dotnet publish of {Project} produced no file named bootstrap in {outputDir}.");
    }
}
