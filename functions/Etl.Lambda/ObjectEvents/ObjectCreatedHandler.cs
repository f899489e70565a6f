using System.Buffers;
using System.Text;
using System.Text.Json;
using Etl.Core.Storage;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Context;
using Etl.Lambda.Http;
using Etl.Lambda.Logging;
using Microsoft.AspNetCore.Http;

namespace Etl.Lambda.ObjectEvents;

/// <summary>
/// The s3-event role: an upload landing in the input bucket triggers its job, when auto-trigger is on. The trigger
/// goes through the same POST /trigger-job endpoint as a client's (in-process, over <see cref="LambdaServer"/>), so
/// the checks and the conditional PENDING → RUNNING write are the API's own: a repeated event finds the job RUNNING
/// (409) and starts nothing twice.
/// </summary>
public sealed class ObjectCreatedHandler(LambdaServer triggerApi, bool autoTrigger, JsonLog log) : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<CreatedObject>? objects;
        try
        {
            objects = CreatedObject.Parse(invocation.Payload);
        }
        catch (JsonException ex)
        {
            throw Unrecognized(ex.Message);
        }

        if (objects is null)
        {
            throw Unrecognized("it is neither an S3 event notification (Records[]) nor an EventBridge aws.s3 \"Object Created\" event");
        }

        var outcomes = new List<(CreatedObject Object, string? JobId, string Outcome)>();
        foreach (var created in objects)
        {
            var jobId = StorageKeys.UploadJobId(created.Key);
            var outcome = jobId is null ? "ignored: not an upload key (uploads/{jobId}/…)"
                : !autoTrigger ? "ignored: auto-trigger is off (ETL_AUTO_TRIGGER)"
                : await TriggerAsync(jobId, cancellationToken);
            log.Info($"object created: {outcome}", ("bucket", created.Bucket), ("key", created.Key), ("jobId", jobId));
            outcomes.Add((created, jobId, outcome));
        }

        return Result(outcomes);
    }

    private async Task<string> TriggerAsync(string jobId, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"jobId\":{JsonSerializer.Serialize(jobId, LambdaJson.Default.String)}}}");
        IHeaderDictionary headers = new HeaderDictionary { ["Content-Type"] = "application/json", ["Host"] = "localhost" };
        headers.ContentLength = body.Length;
        var request = new BridgeRequest("POST", PathString.Empty, new PathString("/trigger-job"), string.Empty, "/trigger-job",
            headers, body, "https", "HTTP/1.1", null, LogScope.Current?.RequestId);
        var response = await triggerApi.InvokeAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            StatusCodes.Status202Accepted => "triggered",
            // Already RUNNING or finished: the event is a repeat (S3 delivers at least once) or a client triggered first.
            StatusCodes.Status409Conflict => "already triggered",
            StatusCodes.Status404NotFound => "ignored: no job has this id",
            >= 500 => throw new FunctionErrorException("TriggerFailed",
                $"POST /trigger-job for job {jobId} answered {response.StatusCode}: {Encoding.UTF8.GetString(response.Body.Span)}"),
            _ => $"not triggered ({response.StatusCode}: {Encoding.UTF8.GetString(response.Body.Span)})",
        };
    }

    private static byte[] Result(List<(CreatedObject Object, string? JobId, string Outcome)> outcomes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("objects");
            foreach (var (created, jobId, outcome) in outcomes)
            {
                json.WriteStartObject();
                json.WriteString("bucket", created.Bucket);
                json.WriteString("key", created.Key);
                if (jobId is not null)
                {
                    json.WriteString("jobId", jobId);
                }

                json.WriteString("outcome", outcome);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static FunctionErrorException Unrecognized(string why) => new(RuntimeErrorTypes.UnrecognizedEvent,
        $"The s3-event function takes S3 ObjectCreated notifications and EventBridge \"Object Created\" events; this event is not one: {why}.");
}
