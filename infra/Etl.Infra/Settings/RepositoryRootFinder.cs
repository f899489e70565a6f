namespace Etl.Infra.Settings;

/// <summary>Finds the repository the app deploys (the directory holding Serverless.sln): from the working directory (cdk runs the app at the root), else from the app's own location (tests).</summary>
public static class RepositoryRootFinder
{
    public const string Marker = "Serverless.sln";

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, Marker)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DeploymentSettingsException($"No {Marker} above {Directory.GetCurrentDirectory()}: run cdk from the repository root, or name it with -c repoRoot=PATH.");
    }
}
