using System.Security.Cryptography;
using System.Text;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Etl.Infra.Settings;

namespace Etl.Infra.Compute;

/// <summary>
/// The code of every function: one <c>bootstrap</c> (functions/Etl.Lambda), published during synth by
/// <see cref="DotnetPublishBundling"/>, or taken from an already published directory (context bootstrapDir).
/// </summary>
public static class BootstrapCode
{
    /// <summary>What a self-contained linux-x64 ReadyToRun publish runs on.</summary>
    public static Architecture Architecture => Architecture.X86_64;

    public static AssetCode Create(DeploymentSettings settings)
    {
        if (settings.BootstrapDirectory is { } published)
        {
            return Code.FromAsset(published, new Amazon.CDK.AWS.S3.Assets.AssetOptions { AssetHashType = AssetHashType.SOURCE });
        }

        return Code.FromAsset(settings.RepositoryRoot, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            // Hashing the sources, not the publish output (which differs build to build), keeps synth deterministic and
            // lets a repeated synth reuse the staged publish instead of publishing again.
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = SourceHash(settings.RepositoryRoot),
            Bundling = new BundlingOptions
            {
                Local = new DotnetPublishBundling(settings.RepositoryRoot),
                // Used only when this machine has no dotnet: the same publish in the SDK's container.
                Image = DockerImage.FromRegistry("mcr.microsoft.com/dotnet/sdk:10.0"),
                Command = ["dotnet", .. DotnetPublishBundling.Arguments(AssetStaging.BUNDLING_OUTPUT_DIR)],
                OutputType = BundlingOutput.NOT_ARCHIVED,
            },
        });
    }

    /// <summary>A hash of everything the publish reads: the sources under functions/ (no bin/ or obj/) and the build settings at the root.</summary>
    public static string SourceHash(string repositoryRoot)
    {
        var files = Directory.EnumerateFiles(Path.Combine(repositoryRoot, "functions"), "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(repositoryRoot, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config" }
                .Select(name => Path.Combine(repositoryRoot, name)).Where(File.Exists))
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
