using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;

namespace Etl.Core.Tests.Json;

/// <summary>Shared test data (../shared/…) and small helpers for the JSON tests.</summary>
internal static class JsonTestData
{
    private static readonly Lazy<string> SharedRoot = new(FindShared);

    /// <summary>The folder holding shared/json-samples, found by walking up from the test binaries.</summary>
    public static string Shared => SharedRoot.Value;

    public static string Samples => Path.Combine(Shared, "json-samples");

    public static string TestSuite => Path.Combine(Shared, "json-test-suite", "test_parsing");

    public static InferredSchema Infer(string json, JsonReadOptions? read = null) =>
        JsonToParquet.Infer(new MemoryStream(Encoding.UTF8.GetBytes(json)), new JsonToParquetOptions { Read = read ?? new JsonReadOptions() });

    public static InferredSchema Infer(byte[] json, JsonReadOptions? read = null) =>
        JsonToParquet.Infer(new MemoryStream(json), new JsonToParquetOptions { Read = read ?? new JsonReadOptions() });

    public static JsonInputException InferFails(string json, JsonReadOptions? read = null) =>
        Assert.Throws<JsonInputException>(() => Infer(json, read));

    public static JsonInputException InferFails(byte[] json, JsonReadOptions? read = null) =>
        Assert.Throws<JsonInputException>(() => Infer(json, read));

    /// <summary>The report line for <paramref name="path"/>.</summary>
    public static InferredColumn Column(this InferredSchema schema, string path) =>
        schema.Columns().SingleOrDefault(c => c.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"no column '{path}' in [{string.Join(", ", schema.Columns().Select(c => c.Path))}]");

    public static string[] Paths(this InferredSchema schema) => [.. schema.Columns().Select(c => c.Path)];

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "json-samples"))) return candidate;
        }
        throw new DirectoryNotFoundException($"no shared/json-samples folder above {AppContext.BaseDirectory}");
    }
}

/// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, to exercise buffer refills.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset, n));
        _position += n;
        return n;
    }
}
