using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>A thin client of the REST API, as a script would use it: upload both ways, trigger, poll, download.</summary>
public sealed class EtlClient(Uri baseAddress) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<HttpResponseMessage> UploadMultipartAsync(byte[] content, string fileName, string? contentType = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        if (contentType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        form.Add(file, "file", fileName);
        return await Http.PostAsync("/upload", form);
    }

    public Task<HttpResponseMessage> AnnounceAsync(string fileName, long? size) =>
        Http.PostAsJsonAsync("/upload", new { fileName, size });

    /// <summary>Multipart upload that must succeed; returns the jobId.</summary>
    public async Task<string> UploadAsync(byte[] content, string fileName)
    {
        using var response = await UploadMultipartAsync(content, fileName);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return body["jobId"]!.GetValue<string>();
    }

    /// <summary>JSON announce, then PUT to uploadUrl with the uploadHeaders it names; returns the jobId.</summary>
    public async Task<string> UploadSignedAsync(byte[] content, string fileName)
    {
        using var announced = await AnnounceAsync(fileName, content.Length);
        var body = await ReadAsync(announced, HttpStatusCode.Created);
        using var put = await Http.SendAsync(SignedPut(body, content));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return body["jobId"]!.GetValue<string>();
    }

    /// <summary>The PUT of <paramref name="content"/> a POST /upload answer asks for: its uploadUrl with its uploadHeaders.</summary>
    public static HttpRequestMessage SignedPut(JsonObject announced, byte[] content)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, announced["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in announced["uploadHeaders"]!.AsObject())
        {
            put.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
        }

        return put;
    }

    public Task<HttpResponseMessage> TriggerAsync(string jobId, string? outputFormat = null) =>
        Http.PostAsJsonAsync("/trigger-job", outputFormat is null ? new { jobId } : (object)new { jobId, outputFormat });

    public async Task<JsonObject> StatusAsync(string jobId)
    {
        using var response = await Http.GetAsync($"/job-status/{jobId}");
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Polls until the job is COMPLETED or FAILED.</summary>
    public async Task<JsonObject> WaitAsync(string jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await StatusAsync(jobId);
            if (status["status"]!.GetValue<string>() is "COMPLETED" or "FAILED")
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} still {status["status"]} after the timeout: {status.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>GET /download, then the downloadUrl; returns the bytes.</summary>
    public async Task<byte[]> DownloadAsync(string jobId, string artifact = "output")
    {
        using var response = await Http.GetAsync($"/download/{jobId}?artifact={artifact}");
        var body = await ReadAsync(response, HttpStatusCode.OK);
        return await Http.GetByteArrayAsync(body["downloadUrl"]!.GetValue<string>());
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts an RFC 7807 problem with this status and returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    public void Dispose() => Http.Dispose();
}
