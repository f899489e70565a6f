using System.Security.Cryptography;
using System.Text;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Etl.Infra.Settings;

namespace Etl.Infra.Compute;

/// <summary>
/// The code of the functions: the two <see cref="BootstrapBuild"/>s of <c>bootstrap</c> (functions/Etl.Lambda), each
/// published during synth by <see cref="DotnetPublishBundling"/>, or taken from an already published directory (context
/// bootstrapDir: its <c>api/</c> and <c>full/</c> subdirectories, or one build in the directory itself for both).
/// </summary>
public static class BootstrapCode
{
    /// <summary>What both linux-x64 publishes run on (NativeAOT cannot cross-compile to arm64 without an arm64 toolchain).</summary>
    public static Architecture Architecture => Architecture.X86_64;

    public static AssetCode Create(DeploymentSettings settings, BootstrapBuild build)
    {
        if (settings.BootstrapDirectory is { } published)
        {
            var own = Path.Combine(published, build.Mode);
            var directory = File.Exists(Path.Combine(own, "bootstrap")) ? own : published;
            return Code.FromAsset(directory, new Amazon.CDK.AWS.S3.Assets.AssetOptions { AssetHashType = AssetHashType.SOURCE });
        }

        return Code.FromAsset(settings.RepositoryRoot, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            // Hashing the sources, not the publish output (which differs build to build), keeps synth deterministic and
            // lets a repeated synth reuse the staged publish instead of publishing again.
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = SourceHash(settings.RepositoryRoot, build),
            Bundling = new BundlingOptions
            {
                Local = new DotnetPublishBundling(settings.RepositoryRoot, build),
                // Used only when this machine has no dotnet: the same publish in the SDK's container.
                Image = DockerImage.FromRegistry("mcr.microsoft.com/dotnet/sdk:10.0"),
                Command = ["bash", .. DotnetPublishBundling.Arguments(build, AssetStaging.BUNDLING_OUTPUT_DIR)],
                OutputType = BundlingOutput.NOT_ARCHIVED,
            },
        });
    }

    /// <summary>
    /// A hash of everything the publish reads: the build, the sources under functions/ (no bin/ or obj/), the publish
    /// script and the build settings at the root.
    /// </summary>
    public static string SourceHash(string repositoryRoot, BootstrapBuild build)
    {
        var files = Directory.EnumerateFiles(Path.Combine(repositoryRoot, "functions"), "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(repositoryRoot, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Concat(new[] { DotnetPublishBundling.Script, "Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config" }
                .Select(name => Path.Combine(repositoryRoot, name)).Where(File.Exists))
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("build " + build.Mode + "\n"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
