using System.Text;

namespace Etl.Api.Tests.Fuzzing;

/// <summary>
/// Generates malformed, hostile and occasionally valid requests against every endpoint of the local host from a
/// seeded <see cref="Random"/>: wrong methods and paths, JSON bodies of the right endpoints with wrong types, broken
/// multipart bodies, random and real job ids, tampered signed URLs, odd headers, and raw protocol-level garbage.
/// Valid requests are mixed in so that real jobs and URLs exist to be fuzzed.
/// </summary>
public sealed class RequestFuzzer(Random random, byte[] parquet)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "FOO", "PROPFIND", "CONNECT"];

    private static readonly string[] Paths =
    [
        "/upload", "/trigger-job", "/job-status/{id}", "/jobs", "/download/{id}", "/agent-invoke", "/health", "/openapi/v1.json", "/",
        "/index.html", "/blobs/uploads/{id}/x.parquet", "/blobs/", "/blobs", "/assets/app.js", "/UPLOAD", "/upload/", "/upload/extra",
        "/job-status/", "/job-status/{id}/x", "/download/{id}/more", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
        "/blobs/..%2F..%2F.etl%2Fjobs.db", "/blobs/.etl/signing.key", "/blobs/uploads/../.etl/jobs.db", "/job-status/%00",
        "/download/%F0%9F%9A%80", "/favicon.ico", "/openapi/v2.json", "//upload", "/upload;jsessionid=1", "/upload%20",
        "/datasets", "/datasets/", "/datasets/{ds}", "/datasets/{ds}/versions/{v}", "/datasets/{ds}/policy", "/datasets/{ds}/versions/{v}/approve",
        "/datasets/{ds}/versions/{v}/reject", "/datasets/{ds}/rollback", "/datasets/{ds}/versions", "/datasets/{ds}/versions/{v}/approve/x",
    ];

    /// <summary>Dataset names: the seeded one, names the trigger refuses, and noise.</summary>
    private static readonly string[] DatasetNames = ["fuzz", "fuzz", "other", "Fuzz Set", "_etl_x", "1abc", "", "ß", "a/b", "..", "%00"];

    private static readonly string[] Versions = ["1", "1", "2", "0", "-1", "9999999999", "1.5", "x", "%20", "01"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "text/json", "application/problem+json",
        "application/json-patch+json", "text/plain", "application/octet-stream", "multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"unterminated", "multipart/mixed; boundary=x", "application/x-www-form-urlencoded", "application/xml",
        "*/*", "application/", ";;;", "application/json; boundary=x", "multipart/form-data; boundary=x; boundary=y",
        "application/vnd.apache.parquet", "application/x-ndjson",
    ];

    private static readonly string[] OutputFormats = ["ndjson", "json", "parquet", "NDJSON", " json ", "xml", "", "csv", "parquet\u0000", "🚀"];

    /// <summary>Job ids seen in 201 answers; requests use them as often as made-up ones.</summary>
    public List<string> JobIds { get; } = [];

    /// <summary>uploadUrl values seen in 201 answers.</summary>
    public List<string> UploadUrls { get; } = [];

    /// <summary>downloadUrl values of finished jobs.</summary>
    public List<string> DownloadUrls { get; } = [];

    public FuzzRequest Next()
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 18 => JsonRequest(),
            < 34 => MultipartRequest(),
            < 48 => SignedUrlRequest(),
            < 60 => JobLookup(),
            < 68 => Trigger(),
            < 78 => AnythingGoes(),
            < 90 => RawProtocol(),
            _ => HeaderStress(),
        };
    }

    private FuzzRequest JsonRequest()
    {
        var trigger = random.Next(2) == 0;
        var fields = trigger ? new[] { "jobId", "outputFormat", "options", "dataset", "normalize" } : new[] { "fileName", "size", "contentType" };
        byte[] body;
        if (random.Next(5) == 0)
        {
            body = BrokenJson();
        }
        else
        {
            var builder = new StringBuilder("{");
            var count = random.Next(0, 5);
            for (var i = 0; i < count; i++)
            {
                var name = random.Next(6) == 0 ? RandomText(1, 20) : Pick(fields);
                if (random.Next(8) == 0)
                {
                    name = name.ToUpperInvariant();
                }

                builder.Append(i > 0 ? "," : string.Empty).Append(JsonString(name)).Append(':').Append(JsonValue(name, depth: 0));
            }

            body = Encoding.UTF8.GetBytes(builder.Append('}').ToString());
        }

        var contentType = random.Next(5) == 0 ? Pick(ContentTypes) : "application/json";
        return new FuzzRequest("json", random.Next(12) == 0 ? Pick(Methods) : "POST", trigger ? "/trigger-job" : "/upload",
            [new("Content-Type", contentType)], body) { Chunked = random.Next(6) == 0 };
    }

    private string JsonValue(string field, int depth) => random.Next(14) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => Pick(["0", "-1", "12", "1.5", "1e3", "-0", "9223372036854775807", "9223372036854775808", "1e400", "00", "0x10"]),
        3 => JsonString(random.Next(9_000, 11_000).ToString()),
        4 => JsonString(new string('A', random.Next(60, 12_000))),
        5 => depth < 3 ? $"[{JsonValue(field, depth + 1)},{JsonValue(field, depth + 1)}]" : "[]",
        6 => depth < 3 ? $"{{\"{field}\":{JsonValue(field, depth + 1)}}}" : "{}",
        7 => JsonString(RandomNames.Next(random)),
        8 => "\"\\uD800\\uDC00\\uD800 broken\"",
        9 => JsonString(RandomGuid()),
        10 when JobIds.Count > 0 => JsonString(Pick(JobIds)),
        11 => JsonString(Pick(OutputFormats)),
        _ => JsonString(field switch
        {
            "fileName" => Pick(["data.parquet", "x.json", "y.ndjson", "z.csv", ".parquet", "a/", "🚀.parquet"]),
            "size" => random.Next(0, 2_000_000).ToString(),
            _ => RandomText(0, 30),
        }),
    };

    private byte[] BrokenJson() => random.Next(10) switch
    {
        0 => "{\"jobId\": "u8.ToArray(),
        1 => Encoding.UTF8.GetBytes(new string('[', random.Next(10, 5000))),
        2 => "\uFEFF{\"fileName\":\"a.parquet\"}"u8.ToArray(),
        3 => "{\"fileName\":\"a.parquet\",}"u8.ToArray(),
        4 => "{/*c*/\"jobId\":\"x\"}"u8.ToArray(),
        5 => "{\"size\": NaN}"u8.ToArray(),
        6 => [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
        7 => "{\"fileName\":\"a\u0000.parquet\"}"u8.ToArray(),
        8 => Encoding.UTF8.GetBytes("{\"a\":1}" + new string(' ', random.Next(60_000, 70_000)) + "}"),
        _ => RandomBytes(0, 300),
    };

    private FuzzRequest MultipartRequest()
    {
        var boundary = random.Next(8) switch
        {
            0 => "",
            1 => new string('b', random.Next(60, 5000)),
            2 => "with space",
            3 => "\"quoted-boundary\"",
            _ => "fuzz" + random.Next(1_000_000),
        };
        var plain = boundary.Trim('"');
        var newline = random.Next(10) == 0 ? "\n" : "\r\n";
        var body = new List<byte>();
        if (random.Next(8) == 0)
        {
            body.AddRange(RandomBytes(0, 100));
        }

        var parts = random.Next(0, 4);
        for (var i = 0; i < parts; i++)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"--{plain}{newline}"));
            var headers = new StringBuilder();
            if (random.Next(10) != 0)
            {
                headers.Append("Content-Disposition: ").Append(Disposition()).Append(newline);
            }

            if (random.Next(3) == 0)
            {
                headers.Append("Content-Type: ").Append(Pick(ContentTypes)).Append(newline);
            }

            if (random.Next(15) == 0)
            {
                headers.Append("X-Long: ").Append(new string('h', random.Next(10_000, 20_000))).Append(newline);
            }

            if (random.Next(20) == 0)
            {
                headers.Append("no colon here").Append(newline);
            }

            body.AddRange(Encoding.UTF8.GetBytes(headers.Append(newline).ToString()));
            body.AddRange(FileContent());
            body.AddRange(Encoding.UTF8.GetBytes(newline));
        }

        if (random.Next(4) != 0)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"--{plain}--{newline}"));
        }

        var bytes = body.ToArray();
        if (random.Next(4) == 0 && bytes.Length > 0)
        {
            bytes = bytes[..random.Next(bytes.Length)];
        }

        var contentType = random.Next(10) == 0 ? Pick(ContentTypes) : $"multipart/form-data; boundary={boundary}";
        return new FuzzRequest("multipart", "POST", "/upload", [new("Content-Type", contentType)], bytes) { Chunked = random.Next(5) == 0 };
    }

    private string Disposition()
    {
        var name = random.Next(6) switch
        {
            0 => "",
            1 => "; name=\"other\"",
            2 => "; name=file",
            _ => "; name=\"file\"",
        };
        var fileName = RandomNames.AsSentInUtf8(RandomNames.Next(random)).Replace("\"", "%22", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        var file = random.Next(7) switch
        {
            0 => "",
            1 => "; filename=\"\"",
            2 => $"; filename*=UTF-8''{Uri.EscapeDataString(RandomNames.AsSentInUtf8(RandomNames.Next(random)))}",
            3 => "; filename*=UTF-8''%ZZ%F0%9F.parquet",
            4 => "; filename*=ISO-8859-1''caf%E9.parquet",
            5 => $"; filename={fileName.Replace(" ", "_", StringComparison.Ordinal).Replace(";", "_", StringComparison.Ordinal)}",
            _ => $"; filename=\"{fileName}\"",
        };
        return (random.Next(12) == 0 ? "attachment" : "form-data") + name + file;
    }

    private byte[] FileContent() => random.Next(9) switch
    {
        0 => [],
        1 => "{\"a\":1}\n{\"a\":2}\n"u8.ToArray(),
        2 => "[{\"a\":1},{\"b\":[1,2]}]"u8.ToArray(),
        3 => "PAR1 but not really parquet"u8.ToArray(),
        4 => parquet[..random.Next(parquet.Length)],
        5 => RandomBytes(1, 2000),
        6 => Encoding.UTF8.GetBytes("--fuzz-inner\r\nnot a boundary"),
        _ => parquet,
    };

    private FuzzRequest SignedUrlRequest()
    {
        if (UploadUrls.Count == 0 && DownloadUrls.Count == 0)
        {
            return AnythingGoes();
        }

        var download = DownloadUrls.Count > 0 && (UploadUrls.Count == 0 || random.Next(3) == 0);
        var url = new Uri(download ? Pick(DownloadUrls) : Pick(UploadUrls));
        var target = url.PathAndQuery;
        target = random.Next(12) switch
        {
            0 => target.Replace("sig=", "sig=A", StringComparison.Ordinal),
            1 => target.Replace("expires=", "expires=1", StringComparison.Ordinal),
            2 => target.Replace("max=", "max=9", StringComparison.Ordinal),
            3 => target[..target.IndexOf('?', StringComparison.Ordinal)],
            4 => target + "&sig=second",
            5 => target.Replace("/uploads/", "/uploads/../", StringComparison.Ordinal),
            6 => target.Replace("/blobs/", $"/blobs/{Pick(["output", "runs", ".etl", "uploads/x", "%2e%2e"])}/", StringComparison.Ordinal),
            7 => target.Replace("expires=", "expires=-", StringComparison.Ordinal),
            8 => target + "&name=" + Uri.EscapeDataString(RandomNames.Next(random)),
            9 => target.Replace("sig=", "sig=%00", StringComparison.Ordinal),
            _ => target,
        };
        var method = random.Next(6) == 0 ? Pick(Methods) : download ? "GET" : "PUT";
        var headers = new List<KeyValuePair<string, string>>();
        if (download && random.Next(2) == 0)
        {
            headers.Add(new("Range", Pick(["bytes=0-10", "bytes=-5", "bytes=999999-", "bytes=5-1", "bytes=a-b", "bytes=0-0,2-3,0-1", "items=0-1"])));
        }

        if (random.Next(4) == 0)
        {
            headers.Add(new("Content-Type", Pick(ContentTypes)));
        }

        var body = method is "GET" or "HEAD" ? null : random.Next(3) switch
        {
            0 => parquet,
            1 => RandomBytes(0, 3000),
            _ => FileContent(),
        };
        return new FuzzRequest("signed", method, target, headers, body) { Chunked = body is not null && random.Next(4) == 0 };
    }

    private FuzzRequest JobLookup()
    {
        var id = JobId();
        var target = random.Next(5) switch
        {
            0 => $"/jobs?{Pick(["limit", "status", "nextToken", "LIMIT", "x"])}={Uri.EscapeDataString(RandomText(0, 40))}",
            1 => $"/jobs?limit={Pick(["0", "1", "100", "101", "-1", "1e2", "99999999999", ""])}&status={Pick(["PENDING", "done", "", "running", "COMPLETED"])}",
            2 => $"/download/{id}?artifact={Uri.EscapeDataString(Pick(["output", "profile", "schema", "tables", "changes", "ddl", "log", "", "../../x", RandomText(0, 100)]))}",
            3 => $"/jobs?nextToken={Uri.EscapeDataString(Pick(["", "garbage", "MjAyNnw=", Convert.ToBase64String(RandomBytes(0, 80)), "fA"]))}",
            4 => $"/job-status/{id}",
            _ => DatasetPath(),
        };
        if (target.StartsWith("/datasets", StringComparison.Ordinal) && random.Next(2) == 0)
        {
            return DatasetChange();
        }

        return new FuzzRequest("lookup", random.Next(10) == 0 ? Pick(Methods) : "GET", target, [], null);
    }

    private string DatasetPath() => Pick(Paths.Where(p => p.StartsWith("/datasets", StringComparison.Ordinal)).ToArray())
        .Replace("{ds}", Uri.EscapeDataString(Pick(DatasetNames)), StringComparison.Ordinal)
        .Replace("{v}", Pick(Versions), StringComparison.Ordinal);

    // PUT a policy, approve, reject or roll back, with bodies of the right and wrong shapes.
    private FuzzRequest DatasetChange()
    {
        var name = Uri.EscapeDataString(Pick(DatasetNames));
        var version = Pick(Versions);
        var (method, target, field) = random.Next(4) switch
        {
            0 => ("PUT", $"/datasets/{name}/policy", "mode"),
            1 => ("POST", $"/datasets/{name}/versions/{version}/approve", "version"),
            2 => ("POST", $"/datasets/{name}/versions/{version}/reject", "version"),
            _ => ("POST", $"/datasets/{name}/rollback", "version"),
        };
        var value = field == "mode" && random.Next(2) == 0 ? JsonString(Pick(["evolve", "freeze", "review", "EVOLVE", "", "x"])) : JsonValue(field, depth: 0);
        var body = random.Next(5) == 0 ? BrokenJson() : Encoding.UTF8.GetBytes($"{{{JsonString(field)}:{value}}}");
        var contentType = random.Next(5) == 0 ? Pick(ContentTypes) : "application/json";
        return new FuzzRequest("dataset", random.Next(12) == 0 ? Pick(Methods) : method, target, [new("Content-Type", contentType)], body);
    }

    private FuzzRequest Trigger()
    {
        var options = random.Next(4) == 0 ? $",\"options\":{Pick(["{}", "[]", "null", "1", "{\"normalize\":true}", "\"x\""])}" : string.Empty;
        var format = random.Next(3) == 0 ? string.Empty : $",\"outputFormat\":{JsonString(Pick(OutputFormats))}";
        var dataset = random.Next(3) == 0 ? $",\"dataset\":{JsonString(Pick(DatasetNames))}" : string.Empty;
        var normalize = random.Next(5) == 0 ? $",\"normalize\":{Pick(["true", "false", "null", "\"yes\"", "1"])}" : string.Empty;
        var json = $"{{\"jobId\":{JsonString(JobId())}{format}{options}{dataset}{normalize}}}";
        return new FuzzRequest("trigger", "POST", "/trigger-job", [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes(json));
    }

    private FuzzRequest AnythingGoes()
    {
        var path = Pick(Paths).Replace("{id}", Uri.EscapeDataString(JobId()), StringComparison.Ordinal)
            .Replace("{ds}", Uri.EscapeDataString(Pick(DatasetNames)), StringComparison.Ordinal).Replace("{v}", Pick(Versions), StringComparison.Ordinal);
        if (random.Next(4) == 0)
        {
            path += "?" + Uri.EscapeDataString(RandomText(0, 30)) + "=" + Uri.EscapeDataString(RandomText(0, 30));
        }

        var headers = new List<KeyValuePair<string, string>>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            headers.Add(new(Pick(["Content-Type", "Accept", "X-Anything", "Content-Encoding", "If-None-Match", "Cookie", "Origin", "Accept-Encoding"]),
                random.Next(2) == 0 ? Pick(ContentTypes) : AsciiText(0, 200)));
        }

        var method = Pick(Methods);
        var body = method is "GET" or "HEAD" or "TRACE" or "CONNECT" || random.Next(3) == 0 ? null : RandomBytes(0, 4000);
        return new FuzzRequest("anything", method, path, headers, body);
    }

    private FuzzRequest HeaderStress()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/json") };
        switch (random.Next(4))
        {
            case 0:
                headers.Add(new("X-Huge", new string('h', random.Next(8_000, 70_000))));
                break;
            case 1:
                for (var i = 0; i < random.Next(50, 200); i++)
                {
                    headers.Add(new($"X-Many-{i}", AsciiText(0, 200)));
                }

                break;
            case 2:
                headers.Add(new("Content-Encoding", Pick(["gzip", "br", "deflate", "identity", "x-unknown"])));
                break;
            default:
                headers.Add(new("Cookie", new string('c', random.Next(1_000, 40_000))));
                break;
        }

        return new FuzzRequest("headers", "POST", Pick(["/upload", "/trigger-job"]), headers,
            Encoding.UTF8.GetBytes("{\"fileName\":\"h.parquet\",\"size\":10,\"jobId\":\"x\"}"));
    }

    private FuzzRequest RawProtocol()
    {
        var path = Pick(["/upload", "/trigger-job", "/health", "/job-status/x", "/blobs/uploads/x/y.parquet?expires=1&max=1&sig=x"]);
        var body = "{\"fileName\":\"r.parquet\",\"size\":10}";
        var shape = random.Next(16);
        var raw = shape switch
        {
            0 => $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{body}",
            1 => $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n12345",
            2 => $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{body}\r\n0\r\n\r\n",
            3 => $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            4 => $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n",
            5 => $"GET {path}\r\n\r\n",
            6 => $"GET {path} HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            7 => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            8 => $"GET http://127.0.0.1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            9 => $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Null: a\0b\r\n\r\n",
            10 => $"GET {path} HTTP/1.1\r\n\r\n",
            11 => $"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 500\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.parquet\"\r\n\r\nPAR1",
            12 => $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n X-Folded: continuation\r\n\r\n",
            13 => $"GET /{new string('a', random.Next(5_000, 20_000))} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            14 => $"{AsciiText(1, 40)}\r\n\r\n",
            _ => $"PUT {path} HTTP/1.0\r\nContent-Length: -1\r\n\r\n",
        };
        var bytes = Encoding.Latin1.GetBytes(raw);
        return new FuzzRequest("raw", string.Empty, string.Empty, [], null)
        {
            Raw = random.Next(6) == 0 ? [.. bytes, .. RandomBytes(1, 200)] : bytes,
            EndsEarly = shape is 0 or 11,
        };
    }

    private string JobId() => random.Next(6) switch
    {
        0 or 1 when JobIds.Count > 0 => Pick(JobIds),
        2 => RandomGuid(),
        3 => new string('A', random.Next(65, 10_000)),
        4 => Pick(["", " ", "null", "../../etc", "%00", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}"]),
        _ => RandomText(0, 50),
    };

    // Seeded, so the same seed gives the same requests (Guid.NewGuid would not).
    private string RandomGuid() => new Guid(RandomBytes(16, 16)).ToString();

    private static string JsonString(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c is >= ' ' and < '\u007F' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.Append('"').ToString();
    }

    private string RandomText(int min, int max)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(min, max + 1); i > 0; i--)
        {
            builder.Append(random.Next(3) == 0 ? RandomNames.AnyScalar(random) : ((char)random.Next(0x20, 0x7F)).ToString());
        }

        return builder.ToString();
    }

    private string AsciiText(int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private byte[] RandomBytes(int min, int max)
    {
        var bytes = new byte[random.Next(min, max + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
