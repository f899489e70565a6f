using System.Diagnostics;

namespace Etl.Aws.Tests;

/// <summary>`etl serve --backend aws` with a setting or a resource missing: it stops at start and says which.</summary>
[Collection(AwsCollection.Name)]
public sealed class AwsServeStartupTests(AwsEmulators aws)
{
    [Theory]
    [InlineData("no-region", "AWS_REGION")]
    [InlineData("two-buckets", "ETL_ARTIFACTS_BUCKET is not set")]
    [InlineData("no-table", "does not exist")]
    [InlineData("no-bucket", "does not exist")]
    [InlineData("no-credentials", "resolve AWS credentials")]
    public async Task Serve_on_aws_stops_at_start_naming_what_is_missing(string problem, string expected)
    {
        var environment = AwsServeTests.ServeEnvironment(aws, aws.NewBucket(), aws.NewBucket(), aws.NewBucket(), aws.NewTable());
        using var data = new TempDirectory();
        switch (problem)
        {
            case "no-region": environment["AWS_REGION"] = ""; break;
            case "two-buckets": environment.Remove("ETL_ARTIFACTS_BUCKET"); break;
            case "no-table": environment["ETL_JOBS_TABLE"] = "no-such-table"; break;
            case "no-bucket": environment["ETL_OUTPUT_BUCKET"] = "no-such-bucket"; break;
            case "no-credentials":
                environment["AWS_ACCESS_KEY_ID"] = "";
                environment["AWS_SECRET_ACCESS_KEY"] = "";
                environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(data.Path, "none");
                environment["AWS_CONFIG_FILE"] = Path.Combine(data.Path, "none");
                break;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "etl.dll"), "serve", "--backend", "aws", "--urls", "http://127.0.0.1:0", "--data-dir", data.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        environment.Remove("ETL_BACKEND"); // the flag says it
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment.Remove("AWS_DEFAULT_REGION");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "etl kept running");
        Assert.NotEqual(0, process.ExitCode);
        var text = await output + await errors;
        Assert.Contains(expected, text);
        Assert.DoesNotContain("   at ", text); // a sentence, not a stack trace
    }

}
