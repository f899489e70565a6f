using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>Malformed requests get a 4xx that says what is wrong, never a 5xx, and leave nothing in the data directory.</summary>
[Collection(LocalHostCollection.Name)]
public class MalformedRequestTests(LocalHostFixture host)
{
    private const string Boundary = "----etl-test-boundary";
    private static readonly byte[] Parquet = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    public static TheoryData<string, string> BrokenMultipartBodies() => new()
    {
        { "ends inside the file", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.parquet\"\r\n\r\nPAR1 and then nothing" },
        { "ends after the file without a closing boundary", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.parquet\"\r\n\r\nPAR1 data PAR1\r\n--{Boundary}" },
        { "ends inside the part headers", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filena" },
        { "has no boundary at all", "just some bytes that are not multipart" },
        { "is empty", "" },
        { "has a part header line over the limit", $"--{Boundary}\r\nX-Long: {new string('h', 20_000)}\r\n\r\nx\r\n--{Boundary}--\r\n" },
        { "has a header without a colon", $"--{Boundary}\r\nnot a header\r\n\r\nx\r\n--{Boundary}--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenMultipartBodies))]
    public async Task A_truncated_or_broken_multipart_body_is_a_400_and_leaves_nothing(string what, string body)
    {
        _ = what;
        await AssertLeavesNothingAsync(async () =>
        {
            using var response = await host.Client.Http.PostAsync("/upload", Multipart(Encoding.UTF8.GetBytes(body)));
            Assert.Contains("multipart", await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task A_multipart_body_that_stops_after_a_whole_file_part_is_a_400_and_leaves_nothing()
    {
        var body = Concat($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"whole.parquet\"\r\n\r\n", Parquet, "\r\n");
        await AssertLeavesNothingAsync(async () =>
        {
            using var response = await host.Client.Http.PostAsync("/upload", Multipart(body));
            await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        });
    }

    [Fact]
    public async Task Two_file_parts_are_refused_with_400_one_file_per_request()
    {
        var body = Concat(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.parquet\"\r\n\r\n", Parquet,
            $"\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"two.parquet\"\r\n\r\n", Parquet,
            $"\r\n--{Boundary}--\r\n");
        await AssertLeavesNothingAsync(async () =>
        {
            using var response = await host.Client.Http.PostAsync("/upload", Multipart(body));
            Assert.Contains("one file per request", await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest));
        });
    }

    [Fact]
    public async Task A_file_field_sent_as_plain_text_is_a_400_that_says_to_send_a_file()
    {
        var body = Concat($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n", Parquet, $"\r\n--{Boundary}--\r\n");
        using var response = await host.Client.Http.PostAsync("/upload", Multipart(body));
        Assert.Contains("filename", await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("{\"fileName\": \"a.parquet\", \"size\": \"12\"}", "size must be a number")]
    [InlineData("{\"fileName\": \"a.parquet\", \"size\": 1.5}", "size must be a number")]
    [InlineData("{\"fileName\": \"a.parquet\", \"size\": true}", "size must be a number")]
    [InlineData("{\"fileName\": 12, \"size\": 12}", "fileName must be a string")]
    [InlineData("{\"fileName\": [\"a.parquet\"]}", "fileName must be a string")]
    [InlineData("{\"fileName\": \"a.parquet\", \"contentType\": {}}", "contentType must be a string")]
    public async Task A_json_announcement_with_a_wrong_type_is_a_400_naming_the_field(string json, string expected)
    {
        await AssertLeavesNothingAsync(async () =>
        {
            using var response = await host.Client.Http.PostAsync("/upload", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Contains(expected, await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest));
        });
    }

    [Theory]
    [InlineData("{\"jobId\": 42}", "jobId must be a string")]
    [InlineData("{\"jobId\": \"x\", \"outputFormat\": 1}", "outputFormat must be a string")]
    public async Task A_trigger_with_a_wrong_type_is_a_400_naming_the_field(string json, string expected)
    {
        using var response = await host.Client.Http.PostAsync("/trigger-job", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("x.parquet/", "folder")]
    [InlineData("dir\\", "folder")]
    [InlineData(".parquet", "before its extension")]
    [InlineData("..", "no name")]
    [InlineData(". . .", "no name")]
    [InlineData("/", "folder")]
    public async Task A_path_like_name_is_a_400_both_ways_and_leaves_nothing(string name, string expected)
    {
        await AssertLeavesNothingAsync(async () =>
        {
            using (var multipart = await host.Client.Http.PostAsync("/upload", Multipart(Concat(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n", Parquet, $"\r\n--{Boundary}--\r\n"))))
            {
                Assert.Contains(expected, await EtlClient.ProblemAsync(multipart, HttpStatusCode.BadRequest));
            }

            using var announce = await host.Client.AnnounceAsync(name, 10);
            Assert.Contains(expected, await EtlClient.ProblemAsync(announce, HttpStatusCode.BadRequest));
        });
    }

    [Theory]
    [InlineData("/upload", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/upload", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/upload", "multipart/form-data", HttpStatusCode.BadRequest)]
    [InlineData("/upload", "multipart/mixed; boundary=x", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/trigger-job", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/trigger-job", "multipart/form-data; boundary=x", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_wrong_content_type_is_a_4xx(string path, string contentType, HttpStatusCode expected)
    {
        await AssertLeavesNothingAsync(async () =>
        {
            var content = new ByteArrayContent("{\"fileName\":\"a.parquet\"}"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await host.Client.Http.PostAsync(path, content);
            await EtlClient.ProblemAsync(response, expected);
        });
    }

    [Fact]
    public async Task A_boundary_longer_than_multipart_allows_is_a_400()
    {
        var boundary = new string('b', 5000);
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes($"--{boundary}\r\n\r\nx\r\n--{boundary}--\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        using var response = await host.Client.Http.PostAsync("/upload", content);
        AssertClipped(await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest), 'b');
    }

    [Fact]
    public async Task Huge_headers_are_refused_with_a_4xx()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Huge", new string('h', 64 * 1024));
        using var response = await host.Client.Http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_json_body_sent_without_a_length_and_over_the_limit_is_a_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"jobId\": \"{new string('j', 200_000)}\"}}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/trigger-job") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await host.Client.Http.SendAsync(request);
        await EtlClient.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Hostile_values_are_echoed_as_a_short_prefix_at_most()
    {
        var hostile = new string('A', 10_000);
        using (var trigger = await host.Client.Http.PostAsync("/trigger-job", new StringContent($"{{\"jobId\": \"{hostile}\"}}", Encoding.UTF8, "application/json")))
        {
            AssertClipped(await EtlClient.ProblemAsync(trigger, HttpStatusCode.NotFound), 'A');
        }

        var longSegment = new string('A', 4000);
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/job-status/{longSegment}"), HttpStatusCode.NotFound), 'A');
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/download/{longSegment}"), HttpStatusCode.NotFound), 'A');
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/download/x?artifact={longSegment}"), HttpStatusCode.BadRequest), 'A');
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/no-such-endpoint/{longSegment}"), HttpStatusCode.NotFound), 'A');
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.DeleteAsync($"/job-status/{longSegment}"), HttpStatusCode.MethodNotAllowed), 'A');
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/jobs?limit={longSegment}"), HttpStatusCode.BadRequest), 'A');

        var typed = new ByteArrayContent("{}"u8.ToArray());
        typed.Headers.TryAddWithoutValidation("Content-Type", $"text/{longSegment}");
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.Http.PostAsync("/trigger-job", typed), HttpStatusCode.UnsupportedMediaType), 'A');

        var jobId = await host.Client.UploadAsync(Parquet, "hostile.parquet");
        AssertClipped(await EtlClient.ProblemAsync(await host.Client.TriggerAsync(jobId, hostile), HttpStatusCode.BadRequest), 'A');

        using var unsupported = await host.Client.UploadMultipartAsync(Parquet, longSegment + ".csv");
        AssertClipped(await EtlClient.ProblemAsync(unsupported, HttpStatusCode.UnsupportedMediaType), 'A');
        using var announced = await host.Client.AnnounceAsync(longSegment + ".csv", 10);
        AssertClipped(await EtlClient.ProblemAsync(announced, HttpStatusCode.UnsupportedMediaType), 'A');
        using var broken = await host.Client.Http.PostAsync("/upload", new StringContent($"{{\"{hostile}\": tru", Encoding.UTF8, "application/json"));
        AssertClipped(await EtlClient.ProblemAsync(broken, HttpStatusCode.BadRequest), 'A');
    }

    /// <summary>A detail may quote a hostile value, but only its first 64 characters followed by "…".</summary>
    private static void AssertClipped(string detail, char repeated)
    {
        Assert.DoesNotContain(new string(repeated, 65), detail);
        Assert.True(detail.Length < 600, $"The detail is {detail.Length} characters long: {detail[..Math.Min(200, detail.Length)]}…");
    }

    private async Task AssertLeavesNothingAsync(Func<Task> act)
    {
        var before = Snapshot();
        var jobsBefore = await JobCountAsync();
        await act();
        Assert.Equal(before, Snapshot());
        Assert.Equal(jobsBefore, await JobCountAsync());
    }

    private async Task<int> JobCountAsync()
    {
        var count = 0;
        string? token = null;
        do
        {
            using var response = await host.Client.Http.GetAsync($"/jobs?limit=100{(token is null ? "" : "&nextToken=" + Uri.EscapeDataString(token))}");
            var page = await EtlClient.ReadAsync(response, HttpStatusCode.OK);
            count += page["jobs"]!.AsArray().Count;
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return count;
    }

    private string Snapshot()
    {
        var uploads = Path.Combine(host.DataDirectory, "uploads");
        return Directory.Exists(uploads)
            ? string.Join("\n", Directory.EnumerateFileSystemEntries(uploads, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            : string.Empty;
    }

    private static ByteArrayContent Multipart(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    private static byte[] Concat(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            bytes.AddRange(part as byte[] ?? Encoding.UTF8.GetBytes((string)part));
        }

        return [.. bytes];
    }
}
