using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Api.Tests;

/// <summary>Any file name a person can have uploads both ways and is kept in the job record as it was sent.</summary>
[Collection(LocalHostCollection.Name)]
public class FileNameTests(LocalHostFixture host)
{
    private static readonly byte[] Parquet = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    public static TheoryData<string> NamesPeopleHave() =>
    [
        "🚀.parquet",
        "données 📊 2024.parquet",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎.parquet",
        "e\u0301te\u0301.parquet",
        "\u00E9t\u00E9.parquet",
        "שלום עולם.parquet",
        "تقرير المبيعات.parquet",
        "zero\u200Bwidth\u200Cjoin\u200D.parquet",
        "👨‍👩‍👧 family.parquet",
        "🇺🇳 flags 👍🏽.parquet",
        "日本語のファイル.parquet",
        "heart\u2764\uFE0F.parquet",
        "\u202Ereversed.parquet",
        "ASCII (copy) [1] {x} & y'z + ~ $ ; , = @ !.parquet",
    ];

    [Theory]
    [MemberData(nameof(NamesPeopleHave))]
    public async Task A_name_a_person_can_have_is_kept_through_multipart_upload(string name)
    {
        var jobId = await host.Client.UploadAsync(Parquet, name);
        Assert.Equal(name, (await host.Client.StatusAsync(jobId))["fileName"]!.GetValue<string>());
        Assert.Equal(Parquet, await File.ReadAllBytesAsync(Path.Combine(host.DataDirectory, "uploads", jobId, name)));
    }

    [Theory]
    [MemberData(nameof(NamesPeopleHave))]
    public async Task A_name_a_person_can_have_is_kept_through_a_browser_style_multipart_body(string name)
    {
        using var response = await host.Client.Http.PostAsync("/upload", RawMultipart(
            $"Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream", Parquet));
        var body = await EtlClient.ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal(name, body["fileName"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(NamesPeopleHave))]
    public async Task A_name_a_person_can_have_is_kept_through_a_signed_upload_and_the_job_runs(string name)
    {
        var jobId = await host.Client.UploadSignedAsync(Parquet, name);
        Assert.Equal(name, (await host.Client.StatusAsync(jobId))["fileName"]!.GetValue<string>());
        Assert.Equal(Parquet, await File.ReadAllBytesAsync(Path.Combine(host.DataDirectory, "uploads", jobId, name)));

        (await host.Client.TriggerAsync(jobId)).Dispose();
        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());
        using var download = await host.Client.Http.GetAsync($"/download/{jobId}");
        var link = await EtlClient.ReadAsync(download, HttpStatusCode.OK);
        Assert.Equal(FileNames.StripExtension(name) + ".ndjson", link["fileName"]!.GetValue<string>());
        Assert.StartsWith("{\"id\":4", Encoding.UTF8.GetString(await host.Client.Http.GetByteArrayAsync(link["downloadUrl"]!.GetValue<string>())));
    }

    [Fact]
    public async Task The_composed_and_decomposed_forms_of_a_name_are_each_kept_as_sent()
    {
        // Written out, not computed: the build runs with invariant globalization, where Normalize does not decompose.
        const string composed = "\u00C5ngstr\u00F6m caf\u00E9.parquet";
        const string decomposed = "A\u030Angstro\u0308m cafe\u0301.parquet";

        foreach (var name in new[] { composed, decomposed })
        {
            var multipart = await host.Client.UploadAsync(Parquet, name);
            Assert.Equal(name, (await host.Client.StatusAsync(multipart))["fileName"]!.GetValue<string>());
            var signed = await host.Client.UploadSignedAsync(Parquet, name);
            Assert.Equal(name, (await host.Client.StatusAsync(signed))["fileName"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Random_unicode_names_are_kept_or_refused_with_a_reason_and_never_a_5xx()
    {
        var random = new Random(9_2026);
        var failures = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var name = RandomNames.Next(random);
            var sent = RandomNames.AsSentInUtf8(name);
            using (var multipart = await host.Client.Http.PostAsync("/upload", RawMultipart(
                $"Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(sent)}", ContentFor(sent))))
            {
                await CheckAsync(multipart, sent, "multipart", failures);
            }

            using (var announce = await host.Client.Http.PostAsync("/upload", new StringContent(
                $"{{\"fileName\": \"{EscapeEverything(name)}\", \"size\": 10}}", Encoding.UTF8, "application/json")))
            {
                // Broken UTF-16 in a JSON string is the client's error: a 400 that says the JSON is not valid.
                await CheckAsync(announce, name, "json", failures, brokenJsonIsA400: sent != name);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task CheckAsync(HttpResponseMessage response, string name, string how, List<string> failures, bool brokenJsonIsA400 = false)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var shown = $"{how} {Visible(name)} → {status} {text}";
        if (brokenJsonIsA400)
        {
            if (status != 400 || !text.Contains("JSON", StringComparison.Ordinal))
            {
                failures.Add(shown);
            }

            return;
        }

        if (!FileNames.TrySanitize(name, out var expected, out var problem))
        {
            if (status != 400 || !JsonNode.Parse(text)!["detail"]!.GetValue<string>().Contains(problem, StringComparison.Ordinal))
            {
                failures.Add($"{shown} (expected 400: {problem})");
            }

            return;
        }

        var declared = FileKinds.FromName(expected, null);
        if (declared.IsUnsupported || how == "json" && declared.Kind is null)
        {
            // A signed upload cannot be sniffed before the URL is issued, so it needs a known extension.
            if (status != 415)
            {
                failures.Add($"{shown} (expected 415)");
            }

            return;
        }

        var kept = status == 201
            ? (await host.Client.StatusAsync(JsonNode.Parse(text)!["jobId"]!.GetValue<string>()))["fileName"]!.GetValue<string>()
            : null;
        if (kept != expected)
        {
            failures.Add($"{shown} (expected 201 keeping {Visible(expected)}, kept {(kept is null ? "nothing" : Visible(kept))})");
        }
    }

    private static byte[] ContentFor(string name) => FileKinds.FromName(FileNames.TrySanitize(name, out var safe, out _) ? safe : "x", null).Kind switch
    {
        FileKind.Json => "[{\"a\":1}]"u8.ToArray(),
        FileKind.Ndjson => "{\"a\":1}\n"u8.ToArray(),
        _ => Parquet,
    };

    /// <summary>A multipart/form-data body with one part whose headers are written as given (UTF-8), as browsers do.</summary>
    public static ByteArrayContent RawMultipart(string partHeaders, byte[] content)
    {
        const string boundary = "----etl-test-boundary";
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes($"--{boundary}\r\n{partHeaders}\r\n\r\n"));
        bytes.AddRange(content);
        bytes.AddRange(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"));
        var body = new ByteArrayContent([.. bytes]);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return body;
    }

    private static string EscapeEverything(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c is >= ' ' and < '\u007F' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }

    private static string Visible(string value) => string.Concat(value.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
