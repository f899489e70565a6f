using System.Buffers;
using System.Text.Json;

namespace Etl.Lambda.Logging;

/// <summary>
/// Stage durations as CloudWatch Embedded Metric Format lines: a log line whose _aws member tells CloudWatch to
/// extract a metric from it, so no PutMetricData call (and no permission for one) is needed. Metric StageDuration
/// (milliseconds) in the configured namespace, by dimension Stage.
/// </summary>
public sealed class EmbeddedMetrics(JsonLog log, string metricsNamespace)
{
    public const string StageDurationMetric = "StageDuration";

    public void StageDuration(string stage, string outcome, double milliseconds)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            log.WriteHeader(json, "INFO", $"stage {stage} {outcome} in {milliseconds:F0} ms");
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", log.Time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", metricsNamespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Stage");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            json.WriteStartObject();
            json.WriteString("Name", StageDurationMetric);
            json.WriteString("Unit", "Milliseconds");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            // The dimension's value. The log header already wrote "stage" (lower case) from the scope; EMF reads "Stage".
            json.WriteString("Stage", stage);
            json.WriteString("outcome", outcome);
            json.WriteNumber(StageDurationMetric, Math.Round(milliseconds, 3));
            json.WriteEndObject();
        }

        log.WriteLine(buffer.WrittenSpan);
    }
}
