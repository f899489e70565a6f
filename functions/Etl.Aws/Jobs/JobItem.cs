using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Etl.Core.Jobs;

namespace Etl.Aws.Jobs;

/// <summary>
/// A job record as a DynamoDB item: the design's attribute names (jobId, status, createdAt, …), absent fields as absent
/// attributes, timestamps as fixed-width ISO-8601 UTC strings (they sort like the time), the stage timeline as a list of
/// maps. Every item also carries the two attributes the listing indexes need: <see cref="ListingAttribute"/>, the constant
/// partition of the listing across statuses, and <see cref="OrderAttribute"/>, "{createdAt}#{jobId}", the sort key of both
/// indexes: DynamoDB leaves the order of equal sort keys open, and listings are ordered by createdAt, then jobId.
/// </summary>
internal static class JobItem
{
    public const string ListingAttribute = "listing";
    public const string ListingValue = "jobs";
    public const string OrderAttribute = "createdAtJobId";

    public static string Order(string createdAt, string jobId) => $"{createdAt}#{jobId}";

    public static Dictionary<string, AttributeValue> ToItem(JobRecord job)
    {
        var item = new Dictionary<string, AttributeValue>(32, StringComparer.Ordinal)
        {
            ["jobId"] = S(job.JobId),
            ["type"] = S(job.Type),
            ["fileName"] = S(job.FileName),
            ["status"] = S(job.Status.ToWire()),
            ["progress"] = N(job.Progress),
            ["createdAt"] = S(Timestamps.Format(job.CreatedAt)),
            ["updatedAt"] = S(Timestamps.Format(job.UpdatedAt)),
            ["inputS3Key"] = S(job.InputS3Key),
            ["inputFormat"] = S(job.InputFormat),
            [ListingAttribute] = S(ListingValue),
            [OrderAttribute] = S(Order(Timestamps.Format(job.CreatedAt), job.JobId)),
        };
        Put(item, "stage", job.Stage);
        Put(item, "startedAt", job.StartedAt is { } started ? Timestamps.Format(started) : null);
        Put(item, "outputS3Key", job.OutputS3Key);
        Put(item, "outputFormat", job.OutputFormat);
        Put(item, "errorMessage", job.ErrorMessage);
        Put(item, "errorType", job.ErrorType);
        Put(item, "dataset", job.Dataset);
        Put(item, "options", job.Options);
        Put(item, "review", job.Review);
        Put(item, "prompt", job.Prompt);
        Put(item, "runId", job.RunId);
        Put(item, "agent", job.Agent);
        Put(item, "errorCategory", job.ErrorCategory);
        Put(item, "suggestedAction", job.SuggestedAction);
        Put(item, "resolution", job.Resolution);
        if (job.Tokens is { } tokens) item["tokens"] = N(tokens);
        if (job.CostUsd is { } cost) item["costUsd"] = new AttributeValue { N = cost.ToString(CultureInfo.InvariantCulture) };
        if (job.CostEstimateUsd is { } estimate) item["costEstimateUsd"] = new AttributeValue { N = estimate.ToString(CultureInfo.InvariantCulture) };
        if (job.ProcessingTime is { } seconds) item["processingTime"] = N(seconds);
        if (job.RowCount is { } rows) item["rowCount"] = N(rows);
        if (job.BytesIn is { } bytesIn) item["bytesIn"] = N(bytesIn);
        if (job.BytesOut is { } bytesOut) item["bytesOut"] = N(bytesOut);
        if (job.DatasetVersion is { } version) item["datasetVersion"] = N(version);
        if (job.Normalize is { } normalize) item["normalize"] = new AttributeValue { BOOL = normalize };
        if (job.Stages.Count > 0) item["stages"] = new AttributeValue { L = [.. job.Stages.Select(Stage)] };
        return item;
    }

    public static JobRecord FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        JobId = Text(item, "jobId")!,
        Type = Text(item, "type") ?? JobTypes.Convert,
        FileName = Text(item, "fileName")!,
        Status = JobStatusNames.Parse(Text(item, "status")!),
        Stage = Text(item, "stage"),
        Progress = Double(item, "progress") ?? 0,
        CreatedAt = Timestamps.Parse(Text(item, "createdAt")!),
        UpdatedAt = Timestamps.Parse(Text(item, "updatedAt")!),
        StartedAt = Text(item, "startedAt") is { } started ? Timestamps.Parse(started) : null,
        InputS3Key = Text(item, "inputS3Key")!,
        OutputS3Key = Text(item, "outputS3Key"),
        InputFormat = Text(item, "inputFormat")!,
        OutputFormat = Text(item, "outputFormat"),
        ErrorMessage = Text(item, "errorMessage"),
        ErrorType = Text(item, "errorType"),
        ProcessingTime = Double(item, "processingTime"),
        RowCount = Long(item, "rowCount"),
        BytesIn = Long(item, "bytesIn"),
        BytesOut = Long(item, "bytesOut"),
        Dataset = Text(item, "dataset"),
        Normalize = item.TryGetValue("normalize", out var normalize) ? normalize.BOOL : null,
        Options = Text(item, "options"),
        DatasetVersion = Long(item, "datasetVersion") is { } version ? (int)version : null,
        Review = Text(item, "review"),
        Prompt = Text(item, "prompt"),
        RunId = Text(item, "runId"),
        Agent = Text(item, "agent"),
        Tokens = Long(item, "tokens"),
        CostUsd = Decimal(item, "costUsd"),
        CostEstimateUsd = Decimal(item, "costEstimateUsd"),
        ErrorCategory = Text(item, "errorCategory"),
        SuggestedAction = Text(item, "suggestedAction"),
        Resolution = Text(item, "resolution"),
        Stages = item.TryGetValue("stages", out var stages) && stages.L is { } runs ? new StageTimeline(runs.Select(r => Run(r.M))) : StageTimeline.Empty,
    };

    private static AttributeValue Stage(StageRun run)
    {
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["name"] = S(run.Name),
            ["status"] = S(run.Status),
            ["startedAt"] = S(Timestamps.Format(run.StartedAt)),
            ["attempts"] = N(run.Attempts),
        };
        if (run.CompletedAt is { } completed) map["completedAt"] = S(Timestamps.Format(completed));
        return new AttributeValue { M = map };
    }

    private static StageRun Run(Dictionary<string, AttributeValue> map) => new(
        Text(map, "name")!,
        Text(map, "status")!,
        Timestamps.Parse(Text(map, "startedAt")!),
        Text(map, "completedAt") is { } completed ? Timestamps.Parse(completed) : null,
        (int)(Long(map, "attempts") ?? 1));

    private static AttributeValue S(string value) => new() { S = value };

    // "R": the shortest text that parses back to the same double, so a record reads back equal.
    private static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static void Put(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null) item[name] = S(value);
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static double? Double(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? double.Parse(n, CultureInfo.InvariantCulture) : null;

    private static long? Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null;

    private static decimal? Decimal(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
