using Etl.Core.Jobs;
using Etl.Core.Storage;

namespace Etl.Core.Tests.Fakes;

/// <summary>Job records for tests.</summary>
public static class TestJobs
{
    public static JobRecord Pending(DateTimeOffset? createdAt = null, string fileName = "data.parquet", string inputFormat = "parquet")
    {
        var id = JobIds.New();
        var at = createdAt ?? DateTimeOffset.UtcNow;
        return new JobRecord
        {
            JobId = id,
            FileName = fileName,
            CreatedAt = at,
            UpdatedAt = at,
            InputS3Key = StorageKeys.Upload(id, fileName),
            InputFormat = inputFormat,
        };
    }
}
