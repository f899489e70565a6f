using System.Net;
using System.Text.Json;

namespace Etl.Lambda.ObjectEvents;

/// <summary>An object that was created, as an S3 notification or an EventBridge event names it (key decoded).</summary>
public sealed record CreatedObject(string Bucket, string Key)
{
    /// <summary>
    /// The created objects of an S3 event notification (Records[] with eventSource aws:s3 and an ObjectCreated:*
    /// eventName) or of an EventBridge event (source aws.s3, detail-type "Object Created"); null when the payload is
    /// neither. Keys arrive URL-encoded with '+' for a space, in both.
    /// </summary>
    public static IReadOnlyList<CreatedObject>? Parse(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            var created = new List<CreatedObject>();
            foreach (var record in records.EnumerateArray())
            {
                if (Text(record, "eventSource") == "aws:s3"
                    && Text(record, "eventName") is { } name && name.StartsWith("ObjectCreated:", StringComparison.Ordinal)
                    && record.TryGetProperty("s3", out var s3)
                    && Nested(s3, "bucket", "name") is { } bucket
                    && Nested(s3, "object", "key") is { } key)
                {
                    created.Add(new CreatedObject(bucket, Decode(key)));
                }
            }

            return created;
        }

        if (Text(root, "source") == "aws.s3" && Text(root, "detail-type") == "Object Created"
            && root.TryGetProperty("detail", out var detail)
            && Nested(detail, "bucket", "name") is { } eventBucket
            && Nested(detail, "object", "key") is { } eventKey)
        {
            return [new CreatedObject(eventBucket, Decode(eventKey))];
        }

        return null;
    }

    // WebUtility.UrlDecode turns '+' into a space and %XX into its byte, as S3 encodes keys in notifications.
    private static string Decode(string key) => WebUtility.UrlDecode(key);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Nested(JsonElement element, string parent, string name) =>
        element.TryGetProperty(parent, out var inner) && inner.ValueKind == JsonValueKind.Object ? Text(inner, name) : null;
}
