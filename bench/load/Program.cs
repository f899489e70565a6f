// Load benchmark (not a test): N concurrent small uploads + triggers against one `etl serve` process.
// Checks every job COMPLETED exactly once (one "pipeline started" log line per job) and reports jobs/s and
// p50/p99 time from upload to COMPLETED.  Usage: dotnet run -c Release --project bench/load [-- jobs [parquetFile]]
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

var jobs = args.Length > 0 ? int.Parse(args[0]) : 100;
var file = args.Length > 1 ? args[1] : FindShared("parquet-testing/alltypes_plain.parquet");
var bytes = await File.ReadAllBytesAsync(file);
var data = Directory.CreateTempSubdirectory("etl-bench-").FullName;
var port = FreePort();
var baseAddress = new Uri($"http://127.0.0.1:{port}");

var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
var start = new ProcessStartInfo("dotnet")
{
    ArgumentList = { Path.Combine(AppContext.BaseDirectory, "etl.dll"), "serve", "--urls", baseAddress.ToString(), "--data-dir", data },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
using var host = Process.Start(start)!;
host.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
host.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
host.BeginOutputReadLine();
host.BeginErrorReadLine();

using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
for (var i = 0; ; i++)
{
    try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; }
    catch (HttpRequestException) { if (i > 300) throw; }
    await Task.Delay(100);
}

Console.WriteLine($"{jobs} concurrent uploads+triggers of {Path.GetFileName(file)} ({bytes.Length} bytes), {Environment.ProcessorCount} cores");
var clock = Stopwatch.StartNew();
var results = await Task.WhenAll(Enumerable.Range(0, jobs).Select(async i =>
{
    var began = clock.Elapsed;
    string jobId;
    if (i % 2 == 0)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", $"load{i}.parquet" } };
        using var up = await http.PostAsync("/upload", form);
        jobId = JsonNode.Parse(await up.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
    }
    else
    {
        using var announce = await http.PostAsJsonAsync("/upload", new { fileName = $"load{i}.parquet", size = bytes.Length });
        var body = JsonNode.Parse(await announce.Content.ReadAsStringAsync())!;
        jobId = body["jobId"]!.GetValue<string>();
        using var put = await http.PutAsync(body["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(bytes));
        put.EnsureSuccessStatusCode();
    }

    using var trigger = await http.PostAsJsonAsync("/trigger-job", new { jobId });
    trigger.EnsureSuccessStatusCode();
    while (true)
    {
        var status = JsonNode.Parse(await http.GetStringAsync($"/job-status/{jobId}"))!["status"]!.GetValue<string>();
        if (status is "COMPLETED" or "FAILED")
        {
            return (jobId, status, Elapsed: clock.Elapsed - began);
        }

        await Task.Delay(100);
    }
}));
var wall = clock.Elapsed;
await Task.Delay(500);
host.Kill(entireProcessTree: true);
host.WaitForExit();

var starts = log.Select(line => Regex.Match(line, "jobId=([0-9a-f-]{36}) pipeline started")).Where(m => m.Success)
    .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
var completed = results.Count(r => r.status == "COMPLETED");
var runTwice = starts.Count(s => s.Value > 1);
var lost = results.Count(r => !starts.ContainsKey(r.jobId));
var sorted = results.Select(r => r.Elapsed.TotalMilliseconds).Order().ToArray();
double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

Console.WriteLine($"completed {completed}/{jobs}, failed {jobs - completed}, run twice {runTwice}, never started {lost}");
Console.WriteLine($"wall {wall.TotalSeconds:F2} s, {jobs / wall.TotalSeconds:F1} jobs/s, upload→COMPLETED p50 {Percentile(0.50):F0} ms, p99 {Percentile(0.99):F0} ms");
try { Directory.Delete(data, recursive: true); } catch (IOException) { }
return completed == jobs && runTwice == 0 && lost == 0 ? 0 : 1;

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static string FindShared(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", relative);
        if (File.Exists(candidate)) return candidate;
    }

    return Path.Combine(Environment.GetEnvironmentVariable("ETL_SHARED_DIR") ?? "/work/shared", relative);
}
