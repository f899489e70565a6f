using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>The s3-event role: S3 notifications and EventBridge events of created objects trigger their jobs when auto-trigger is on.</summary>
public sealed class ObjectEventTests
{
    private static readonly Dictionary<string, string> AutoTrigger = new() { ["ETL_AUTO_TRIGGER"] = "true" };
    private static readonly byte[] Rows = "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]"u8.ToArray();

    [Fact]
    public async Task The_S3_sample_names_no_upload_so_both_objects_are_ignored_with_their_keys_decoded()
    {
        await using var product = await Product.StartAsync(AutoTrigger, HandlerRoles.S3Event);

        var outcome = await product[HandlerRoles.S3Event].InvokeAsync(AwsEvents.Sample("s3-object-created.json").ToJsonString());

        Assert.False(outcome.IsError, outcome.Text);
        var objects = outcome.Json.GetProperty("objects");
        Assert.Equal(["HappyFace.jpg", "New File.jpg"], objects.EnumerateArray().Select(o => o.GetProperty("key").GetString()!));
        Assert.All(objects.EnumerateArray(), o => Assert.StartsWith("ignored: not an upload key", o.GetProperty("outcome").GetString()));
        Assert.Equal("sourcebucket", objects[0].GetProperty("bucket").GetString());
        Assert.Empty(product.Starts.Started);
    }

    [Fact]
    public async Task An_S3_notification_of_an_upload_triggers_its_job_once_however_often_it_arrives()
    {
        await using var product = await Product.StartAsync(AutoTrigger, HandlerRoles.Upload, HandlerRoles.S3Event, HandlerRoles.Status);
        var jobId = await UploadAsync(product, "my rows.json");
        var e = AwsEvents.Sample("s3-object-created.json");
        // As S3 sends it: URL-encoded, a space as '+'.
        e["Records"]![0]!["s3"]!["object"]!["key"] = $"uploads/{jobId}/my+rows.json";

        var first = await product[HandlerRoles.S3Event].InvokeAsync(e.ToJsonString());
        var again = await product[HandlerRoles.S3Event].InvokeAsync(e.ToJsonString());

        Assert.Equal("triggered", first.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Equal(jobId, first.Json.GetProperty("objects")[0].GetProperty("jobId").GetString());
        Assert.Equal("already triggered", again.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Equal([jobId], product.Starts.Started);
        Assert.Equal("RUNNING", AwsEvents.BodyJson(await product.StatusAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_EventBridge_Object_Created_event_of_an_upload_triggers_its_job()
    {
        await using var product = await Product.StartAsync(AutoTrigger, HandlerRoles.Upload, HandlerRoles.S3Event);
        var jobId = await UploadAsync(product, "rows (1).json");
        var sample = AwsEvents.Sample("eventbridge-s3-object-created.json");
        var ignored = await product[HandlerRoles.S3Event].InvokeAsync(sample.ToJsonString());
        sample["detail"]!["object"]!["key"] = $"uploads/{jobId}/rows+%281%29.json";

        var triggered = await product[HandlerRoles.S3Event].InvokeAsync(sample.ToJsonString());

        Assert.StartsWith("ignored", ignored.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Equal("DOC-EXAMPLE-BUCKET1", ignored.Json.GetProperty("objects")[0].GetProperty("bucket").GetString());
        var only = triggered.Json.GetProperty("objects")[0];
        Assert.Equal($"uploads/{jobId}/rows (1).json", only.GetProperty("key").GetString());
        Assert.Equal("triggered", only.GetProperty("outcome").GetString());
        Assert.Equal([jobId], product.Starts.Started);
    }

    [Fact]
    public async Task With_auto_trigger_off_an_upload_event_changes_nothing()
    {
        await using var product = await Product.StartAsync(null, HandlerRoles.Upload, HandlerRoles.S3Event, HandlerRoles.Status);
        var jobId = await UploadAsync(product, "rows.json");
        var e = AwsEvents.Sample("s3-object-created.json");
        e["Records"]![0]!["s3"]!["object"]!["key"] = $"uploads/{jobId}/rows.json";

        var outcome = await product[HandlerRoles.S3Event].InvokeAsync(e.ToJsonString());

        Assert.Contains("auto-trigger is off", outcome.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Empty(product.Starts.Started);
        Assert.Equal("PENDING", AwsEvents.BodyJson(await product.StatusAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_API_Gateway_event_sent_to_the_s3_event_role_is_the_error_UnrecognizedEvent()
    {
        await using var product = await Product.StartAsync(AutoTrigger, HandlerRoles.S3Event);

        var outcome = await product[HandlerRoles.S3Event].InvokeAsync(AwsEvents.Sample("restapi-v1-proxy-post.json").ToJsonString());

        Assert.True(outcome.IsError);
        Assert.Equal("UnrecognizedEvent", outcome.ErrorType);
    }

    private static async Task<string> UploadAsync(Product product, string fileName)
    {
        var uploaded = await product.UploadAsync(fileName, Rows);
        Assert.Equal(201, uploaded.GetProperty("statusCode").GetInt32());
        var body = AwsEvents.BodyJson(uploaded);
        Assert.Equal(fileName, body.GetProperty("fileName").GetString());
        return body.GetProperty("jobId").GetString()!;
    }
}
