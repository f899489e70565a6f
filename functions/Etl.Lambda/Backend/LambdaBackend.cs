using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Signing;
using Etl.Adapters.Local.Storage;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Backend;

/// <summary>
/// The composition root of the ports every role uses: the one place that decides which adapters back the function.
/// ETL_BACKEND=aws is S3, DynamoDB and Step Functions (Etl.Aws, wired in <see cref="Aws"/>); ETL_BACKEND=local is the
/// local adapters over a data directory, which the tests and a laptop run use. Tests may replace a port with
/// <c>with</c> (e.g. a recording <see cref="Pipeline"/>).
/// </summary>
public sealed record LambdaBackend
{
    public required IJobStore Jobs { get; init; }

    public required IBlobStore Blobs { get; init; }

    public required ISignedUrlIssuer Urls { get; init; }

    /// <summary>The dataset catalog (SQLite beside the jobs locally; the Glue Data Catalog on AWS, once its adapter exists).</summary>
    public required ICatalog Catalog { get; init; }

    /// <summary>Starts a triggered job's pipeline (a Step Functions execution on AWS).</summary>
    public required IPipelineStarter Pipeline { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static LambdaBackend Create(LambdaSettings settings, JsonLog log) => settings.Backend switch
    {
        "local" => Local(settings, log),
        _ => Aws(settings, log),
    };

    /// <summary>Files, SQLite and HMAC-signed URLs under <see cref="LambdaSettings.DataDirectory"/>.</summary>
    public static LambdaBackend Local(LambdaSettings settings, JsonLog log)
    {
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        // Same layout as `etl serve`, so one data directory can be shared with the local host that serves /blobs/….
        var stateDirectory = Path.Combine(dataDirectory, ".etl");
        Directory.CreateDirectory(stateDirectory);
        var secret = SigningSecret.LoadOrCreate(stateDirectory);
        return new LambdaBackend
        {
            Jobs = new SqliteJobStore(Path.Combine(stateDirectory, "jobs.db")),
            Catalog = new SqliteCatalog(Path.Combine(stateDirectory, "jobs.db"), TimeProvider.System),
            Blobs = new DiskBlobStore(dataDirectory),
            Urls = new HmacSignedUrlIssuer(secret, () => settings.PublicUrl, TimeProvider.System),
            Pipeline = new LoggedPipelineStarter(log),
        };
    }

    /// <summary>
    /// S3 (ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET, ETL_ARTIFACTS_BUCKET), DynamoDB (ETL_JOBS_TABLE), presigned URLs and
    /// Step Functions (ETL_STATE_MACHINE_ARN). The AWS adapters live in functions/Etl.Aws and are wired here.
    /// </summary>
    public static LambdaBackend Aws(LambdaSettings settings, JsonLog log) =>
        throw new LambdaSettingsException(
            "ETL_BACKEND=aws: this build of bootstrap does not wire the AWS adapters yet (the Step Functions starter and the Glue catalog are still to come). "
            + "Set ETL_BACKEND=local to run on the local adapters under ETL_DATA_DIR.");
}
