using System.Net;
using System.Web;
using Etl.Aws.Signing;
using Etl.Aws.Storage;
using Etl.Core.Storage;

namespace Etl.Aws.Tests;

/// <summary>
/// Presigned URLs against s3rver: an upload URL takes a PUT of the announced size, a download URL answers with the file
/// name in Content-Disposition. s3rver does not check SigV4 signatures, so what the signature covers is read from the
/// URL (X-Amz-SignedHeaders); the SDK computes the signature itself.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class S3SignedUrlTests(AwsEmulators aws)
{
    private const long Unannounced = 5L * 1024 * 1024 * 1024;

    private (S3BlobStore Store, S3SignedUrlIssuer Urls) Create()
    {
        var client = aws.S3Client();
        var buckets = new S3Buckets(aws.NewBucket(), aws.NewBucket(), aws.NewBucket());
        return (new S3BlobStore(client, buckets), new S3SignedUrlIssuer(client, buckets, TimeProvider.System, Unannounced, aws.S3.Endpoint));
    }

    private static string Query(Uri url, string name) => HttpUtility.ParseQueryString(url.Query)[name] ?? string.Empty;

    [Fact]
    public async Task An_upload_url_signs_the_announced_size_and_stores_the_put()
    {
        var (store, urls) = Create();
        var body = "{\"a\": 1}\n"u8.ToArray();
        var url = urls.IssueUpload("uploads/j/in.json", body.Length, TimeSpan.FromMinutes(15));

        Assert.Equal("http", url.Url.Scheme);
        Assert.Equal("127.0.0.1", url.Url.Host);
        // The SDK counts from its clock corrected by the server's whole-second Date header, so ±1 s.
        Assert.InRange(int.Parse(Query(url.Url, "X-Amz-Expires")), 899, 901);
        Assert.Equal(["content-length", "host"], Query(url.Url, "X-Amz-SignedHeaders").Split(';').Order());
        Assert.InRange(url.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));

        using var http = new HttpClient();
        using var put = await http.PutAsync(url.Url, new ByteArrayContent(body));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await using var read = await store.OpenReadAsync("uploads/j/in.json", default);
        Assert.Equal(body, await ReadAllAsync(read));
    }

    [Fact]
    public async Task A_create_only_upload_url_signs_if_none_match_and_s3_keeps_the_first_put()
    {
        var client = aws.S3Client();
        var buckets = S3Buckets.Single(aws.NewBucket());
        var store = new S3BlobStore(client, buckets);
        var urls = new S3SignedUrlIssuer(client, buckets, TimeProvider.System, Unannounced, aws.S3.Endpoint, createOnly: true);
        var url = urls.IssueUpload("uploads/j/in.json", 5, TimeSpan.FromMinutes(15));
        Assert.Equal(["content-length", "host", "if-none-match"], Query(url.Url, "X-Amz-SignedHeaders").Split(';').Order());
        Assert.Equal(new Dictionary<string, string> { ["If-None-Match"] = "*" }, url.Headers);

        using var http = new HttpClient();
        // A client that leaves out the signed header is refused, as S3 refuses it (the signature does not match).
        using (var bare = await http.PutAsync(url.Url, new ByteArrayContent("first"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        }

        foreach (var (body, expected) in new[] { ("first", HttpStatusCode.OK), ("later", HttpStatusCode.PreconditionFailed) })
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, url.Url) { Content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(body)) };
            put.Headers.TryAddWithoutValidation("If-None-Match", "*");
            using var response = await http.SendAsync(put);
            Assert.Equal(expected, response.StatusCode);
        }

        await using var read = await store.OpenReadAsync("uploads/j/in.json", default);
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync(read));
    }

    [Fact]
    public void An_upload_url_without_an_announced_size_signs_no_length()
    {
        var (_, urls) = Create();
        var url = urls.IssueUpload("uploads/j/in.json", Unannounced, TimeSpan.FromMinutes(1));
        Assert.Equal("host", Query(url.Url, "X-Amz-SignedHeaders"));
        Assert.InRange(int.Parse(Query(url.Url, "X-Amz-Expires")), 59, 61);
    }

    [Theory]
    [InlineData("report.ndjson")]
    [InlineData("données 2024 🚀.ndjson")]
    [InlineData("a \"quoted\" name.json")]
    public async Task A_download_url_serves_the_blob_under_its_file_name(string fileName)
    {
        var (store, urls) = Create();
        await store.WriteAsync("output/j/out.ndjson", "{\"x\":1}\n"u8.ToArray(), default);
        var url = urls.IssueDownload("output/j/out.ndjson", fileName, TimeSpan.FromMinutes(15));
        Assert.Contains("response-content-disposition", Query(url.Url, "X-Amz-SignedHeaders") + url.Url.Query, StringComparison.Ordinal);

        using var http = new HttpClient();
        using var get = await http.GetAsync(url.Url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("{\"x\":1}\n", await get.Content.ReadAsStringAsync());
        var disposition = get.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(fileName, Uri.UnescapeDataString(disposition.FileNameStar!));
    }

    [Theory]
    [InlineData("data.json", "attachment; filename=\"data.json\"; filename*=UTF-8''data.json")]
    [InlineData("données 🚀.json", "attachment; filename=\"donn_es _.json\"; filename*=UTF-8''donn%C3%A9es%20%F0%9F%9A%80.json")]
    [InlineData("a\"b\\c;d.json", "attachment; filename=\"a_b_c;d.json\"; filename*=UTF-8''a%22b%5Cc%3Bd.json")]
    public void Content_disposition_follows_rfc_6266(string fileName, string expected)
    {
        Assert.Equal(expected, ContentDisposition.Attachment(fileName));
    }

    [Fact]
    public void Keys_that_could_leave_the_store_get_no_url()
    {
        var (_, urls) = Create();
        Assert.Throws<InvalidStorageKeyException>(() => urls.IssueUpload("../x", 1, TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidStorageKeyException>(() => urls.IssueDownload("output/../../x", "x", TimeSpan.FromMinutes(1)));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
